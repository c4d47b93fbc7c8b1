package io.lambdashop.speed;

import io.lambdashop.model.SparkEvents;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.Iterator;

/**
 * Runs {@link SparkEvents#parser()} over Kafka records while keeping each record's key, which
 * the dead-letter topic needs and the shared parser does not carry.
 *
 * <p>Input rows are {@code (key, value)} strings; output rows are
 * {@link SparkEvents#parsedSchema()} plus {@link #KAFKA_KEY}. The shared parser is lazy and
 * turns exactly one input row into one output row, in order, so the key of the row it last
 * pulled is the key of the row it returns.
 */
final class KeyedParser implements MapPartitionsFunction<Row, Row> {

    static final String KAFKA_KEY = "kafka_key";

    static final StructType SCHEMA = SparkEvents.parsedSchema()
            .add(KAFKA_KEY, DataTypes.StringType);

    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Row> call(Iterator<Row> records) throws Exception {
        String[] lastKey = new String[1];
        Iterator<Row> values = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public Row next() {
                Row record = records.next();
                lastKey[0] = record.getString(0);
                return RowFactory.create(record.getString(1));
            }
        };
        Iterator<Row> parsed = SparkEvents.parser().call(values);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return parsed.hasNext();
            }

            @Override
            public Row next() {
                Row row = parsed.next();
                Object[] withKey = new Object[row.size() + 1];
                for (int i = 0; i < row.size(); i++) {
                    withKey[i] = row.get(i);
                }
                withKey[row.size()] = lastKey[0];
                return RowFactory.create(withKey);
            }
        };
    }
}
