package io.lambdashop.model;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.hll_sketch_agg;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * The event as the Spark jobs see it: its row schema, the parsing step that turns raw Kafka
 * values into rows, and the aggregates of a view.
 *
 * <p>The aggregates live here, once, so that the speed layer's 1-minute windows and the batch
 * layer's hours are computed by the same expressions and cannot drift apart.
 */
public final class SparkEvents {

    public static final String REVENUE = "revenue";
    public static final String TRANSACTIONS = "transactions";
    public static final String UNITS = "units";
    public static final String RETURNS = "returns";
    public static final String RETURNED_AMOUNT = "returned_amount";
    public static final String USERS_SKETCH = "users_sketch";

    /** HLL sketch size: 2^12 buckets, about 1.6% standard error on unique users. */
    public static final int USERS_SKETCH_LG_K = 12;

    /** Columns added by {@link #parser()}: why a record was rejected, and its raw text. */
    public static final String REJECTION = "rejection";
    public static final String RAW = "raw";

    private static final DataType MONEY = DataTypes.createDecimalType(Money.PRECISION, Money.SCALE);

    private static final StructType EVENT_SCHEMA = new StructType(new StructField[] {
        field("transaction_id", DataTypes.StringType),
        field("order_id", DataTypes.StringType),
        field("user_id", DataTypes.StringType),
        field("product_id", DataTypes.StringType),
        field("product_name", DataTypes.StringType),
        field("category", DataTypes.StringType),
        field("city", DataTypes.StringType),
        field("country", DataTypes.StringType),
        field("payment_method", DataTypes.StringType),
        field("quantity", DataTypes.IntegerType),
        field("unit_price", MONEY),
        field("amount", MONEY),
        field("event_time", DataTypes.TimestampType),
    });

    private static final StructType PARSED_SCHEMA = EVENT_SCHEMA
            .add(REJECTION, DataTypes.StringType)
            .add(RAW, DataTypes.StringType);

    private SparkEvents() {
    }

    /** The columns of an event, in the order of {@link TransactionEvent}'s components. */
    public static StructType eventSchema() {
        return EVENT_SCHEMA;
    }

    /** Event columns plus {@link #REJECTION} (null when valid) and {@link #RAW}. */
    public static StructType parsedSchema() {
        return PARSED_SCHEMA;
    }

    /** The event columns as a select list, to drop the parsing columns again. */
    public static Column[] eventColumns() {
        String[] names = EVENT_SCHEMA.fieldNames();
        Column[] columns = new Column[names.length];
        for (int i = 0; i < names.length; i++) {
            columns[i] = col(names[i]);
        }
        return columns;
    }

    /**
     * Turns rows holding one string column (the Kafka value) into {@link #parsedSchema()}
     * rows, through {@link EventJson#parse}, the same validation every producer uses.
     */
    public static MapPartitionsFunction<Row, Row> parser() {
        return rows -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                String json = rows.next().getString(0);
                ParseResult result = EventJson.parse(json);
                if (!result.isValid()) {
                    Object[] values = new Object[PARSED_SCHEMA.size()];
                    values[values.length - 2] = result.rejection();
                    values[values.length - 1] = json;
                    return RowFactory.create(values);
                }
                return toParsedRow(result.event(), json);
            }
        };
    }

    /** An event as a row of {@link #eventSchema()}. */
    public static Row toRow(TransactionEvent event) {
        return RowFactory.create(eventValues(event).toArray());
    }

    private static Row toParsedRow(TransactionEvent event, String json) {
        List<Object> values = eventValues(event);
        values.add(null);
        values.add(json);
        return RowFactory.create(values.toArray());
    }

    private static List<Object> eventValues(TransactionEvent event) {
        List<Object> values = new ArrayList<>(PARSED_SCHEMA.size());
        values.add(event.transactionId());
        values.add(event.orderId());
        values.add(event.userId());
        values.add(event.productId());
        values.add(event.productName());
        values.add(event.category());
        values.add(event.city());
        values.add(event.country());
        values.add(event.paymentMethod());
        values.add(event.quantity());
        values.add(event.unitPrice());
        values.add(event.amount());
        values.add(Timestamp.from(event.eventTime()));
        return values;
    }

    /**
     * The measures of every view, speed or batch: net revenue (returns count negative),
     * transactions, units, returns and the money they gave back, and a mergeable sketch
     * of the distinct users (unique users cannot be added up across windows; sketches can).
     */
    public static Column[] measures() {
        Column isReturn = col("amount").lt(0);
        return new Column[] {
            sum(col("amount")).as(REVENUE),
            count(lit(1)).as(TRANSACTIONS),
            sum(col("quantity")).cast(DataTypes.LongType).as(UNITS),
            count(when(isReturn, lit(1))).as(RETURNS),
            sum(when(isReturn, negate(col("amount"))).otherwise(lit(0))).cast(
                    DataTypes.createDecimalType(28, Money.SCALE)).as(RETURNED_AMOUNT),
            hll_sketch_agg(col("user_id"), USERS_SKETCH_LG_K).as(USERS_SKETCH),
        };
    }

    private static StructField field(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }
}
