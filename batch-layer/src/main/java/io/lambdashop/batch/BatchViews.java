package io.lambdashop.batch;

import io.lambdashop.model.Dimension;
import io.lambdashop.model.SparkEvents;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.base64;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;

/**
 * The batch layer's computations, without any I/O: deduplication of the master rows and the
 * {@code sales_minute} views. Input and output rows carry the partition columns {@code dt}
 * and {@code hr}.
 */
public final class BatchViews {

    /** The dimensions of the views besides {@code all}, as in the speed layer. */
    public static final List<Dimension> DIMENSIONS = List.of(Dimension.CATEGORY,
            Dimension.CITY, Dimension.COUNTRY, Dimension.PAYMENT_METHOD);

    /** Column added by {@link #dedupe}: how many copies of the id the hour held. */
    public static final String COPIES = "copies";

    private BatchViews() {
    }

    /**
     * Keeps each transaction id once per hour. When copies differ (they should not: a
     * duplicate is a redelivery), the smallest by column order wins, so that a rerun picks
     * the same one.
     */
    public static Dataset<Row> dedupe(Dataset<Row> master) {
        List<String> others = new ArrayList<>();
        for (String name : SparkEvents.eventSchema().fieldNames()) {
            if (!name.equals("transaction_id")) {
                others.add(name);
            }
        }
        Column[] otherColumns = others.stream().map(name -> col(name)).toArray(Column[]::new);
        Dataset<Row> grouped = master
                .groupBy(col("dt"), col("hr"), col("transaction_id"))
                .agg(min(struct(otherColumns)).as("kept"), count(lit(1)).as(COPIES));

        List<Column> columns = new ArrayList<>();
        columns.add(col("transaction_id"));
        for (String name : others) {
            columns.add(col("kept." + name).as(name));
        }
        columns.addAll(List.of(col(COPIES), col("dt"), col("hr")));
        return grouped.select(columns.toArray(Column[]::new));
    }

    /** The rows of {@code ecommerce.transactions}: the event columns and dt, hr. */
    public static Dataset<Row> transactions(Dataset<Row> deduped) {
        List<Column> columns = new ArrayList<>(Arrays.asList(SparkEvents.eventColumns()));
        columns.add(col("dt"));
        columns.add(col("hr"));
        return deduped.select(columns.toArray(Column[]::new));
    }

    /**
     * The rows of {@code ecommerce.sales_minute}: per minute of event time, the measures of
     * {@link SparkEvents#measures()} for all events and per key of each dimension; events
     * without a key are counted in {@code all} only.
     */
    public static Dataset<Row> salesMinute(Dataset<Row> deduped) {
        List<Column> keys = new ArrayList<>();
        keys.add(struct(lit("all").as("dimension"),
                lit(null).cast(DataTypes.StringType).as("dim_key")));
        for (Dimension dimension : DIMENSIONS) {
            keys.add(struct(lit(dimension.viewName()).as("dimension"),
                    col(dimension.column()).as("dim_key")));
        }

        Dataset<Row> perKey = deduped
                .withColumn("window_start", date_trunc("minute", col("event_time")))
                .withColumn("key", explode(array(keys.toArray(Column[]::new))))
                .where(col("key.dimension").equalTo("all").or(col("key.dim_key").isNotNull()));

        Column[] measures = SparkEvents.measures();
        Dataset<Row> aggregated = perKey
                .groupBy(col("dt"), col("hr"), col("window_start"),
                        col("key.dimension").as("dimension"), col("key.dim_key").as("dim_key"))
                .agg(measures[0], Arrays.copyOfRange(measures, 1, measures.length));

        // Base64 on one line (the session sets spark.sql.chunkBase64String.enabled=false):
        // the serving layer decodes the text as one string.
        return aggregated.select(col("window_start"), col("dimension"), col("dim_key"),
                col(SparkEvents.REVENUE), col(SparkEvents.TRANSACTIONS), col(SparkEvents.UNITS),
                col(SparkEvents.RETURNS), col(SparkEvents.RETURNED_AMOUNT),
                base64(col(SparkEvents.USERS_SKETCH)).as(SparkEvents.USERS_SKETCH),
                col("dt"), col("hr"));
    }
}
