package io.lambdashop.speed;

import io.lambdashop.model.Dimension;
import io.lambdashop.model.SparkEvents;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.base64;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.window;

/**
 * The transformations of the speed layer, free of any source or sink so that a unit test can
 * run them on a batch DataFrame: parsing Kafka records, the 1-minute speed views, and the
 * Kafka records of {@code speed-views} and {@code transactions.dlq}.
 *
 * <p>All dimensions go through one stateful aggregation: every event is exploded into one
 * (dimension, key) pair per dimension, plus {@code all}, and grouped by window, dimension and
 * key. One state store then holds every view, and the watermark evicts them together.
 */
public final class SpeedViews {

    /** The dimensions of {@code speed-views} besides {@code all} (ARCHITECTURE.md). */
    static final List<Dimension> DIMENSIONS = List.of(
            Dimension.CATEGORY, Dimension.CITY, Dimension.COUNTRY, Dimension.PAYMENT_METHOD);

    static final String ALL = "all";
    static final String WINDOW_LENGTH = "1 minute";

    /** ISO-8601 UTC to the second, as in ARCHITECTURE.md; the session zone is UTC. */
    private static final String ISO_INSTANT = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    private SpeedViews() {
    }

    /**
     * Parses Kafka records (binary {@code key} and {@code value} columns) into
     * {@link KeyedParser#SCHEMA} rows: the event columns, {@code rejection} (null when valid),
     * {@code raw} and the record's key.
     */
    public static Dataset<Row> parse(Dataset<Row> kafkaRecords) {
        return kafkaRecords
                .selectExpr("CAST(key AS STRING) AS key", "CAST(value AS STRING) AS value")
                .mapPartitions(new KeyedParser(), Encoders.row(KeyedParser.SCHEMA));
    }

    /** The valid events of parsed rows, with only the event columns. */
    public static Dataset<Row> validEvents(Dataset<Row> parsed) {
        return parsed.filter(col(SparkEvents.REJECTION).isNull())
                .select(SparkEvents.eventColumns());
    }

    /**
     * The speed views of valid events: one row per (dimension, key, 1-minute window) with
     * columns {@code dimension, key, window_start, window_end} and the shared measures.
     *
     * <p>A transaction id seen twice within the watermark is counted once; an event older
     * than the watermark is dropped here (and counted by Spark as dropped by watermark), to
     * be recovered by the batch layer from the master dataset.
     */
    public static Dataset<Row> views(Dataset<Row> events, String watermark) {
        Dataset<Row> deduplicated = deduplicate(events, watermark);

        // One (dimension, key) pair per view the event counts in; a null key is not a view.
        List<Column> pairs = new ArrayList<>();
        pairs.add(struct(lit(ALL).as("dimension"),
                lit(null).cast(DataTypes.StringType).as("key")));
        for (Dimension dimension : DIMENSIONS) {
            pairs.add(struct(lit(dimension.viewName()).as("dimension"),
                    col(dimension.column()).as("key")));
        }
        Dataset<Row> exploded = deduplicated
                .withColumn("view", explode(array(pairs.toArray(Column[]::new))))
                .filter(col("view.dimension").equalTo(ALL).or(col("view.key").isNotNull()))
                .select(col("view.dimension").as("dimension"), col("view.key").as("key"),
                        col("event_time"), col("user_id"), col("quantity"), col("amount"));

        Column[] measures = SparkEvents.measures();
        Dataset<Row> aggregated = exploded
                .groupBy(window(col("event_time"), WINDOW_LENGTH).as("window"),
                        col("dimension"), col("key"))
                .agg(measures[0], Arrays.copyOfRange(measures, 1, measures.length));

        return aggregated.select(col("dimension"), col("key"),
                col("window.start").as("window_start"), col("window.end").as("window_end"),
                col(SparkEvents.REVENUE), col(SparkEvents.TRANSACTIONS),
                col(SparkEvents.UNITS), col(SparkEvents.RETURNS),
                col(SparkEvents.RETURNED_AMOUNT), col(SparkEvents.USERS_SKETCH));
    }

    /**
     * A transaction id seen again within the watermark is dropped. A batch DataFrame (unit
     * tests) has no watermark and Spark refuses the streaming operator on it; over a finite
     * set of events the same rule is a plain dropDuplicates.
     */
    private static Dataset<Row> deduplicate(Dataset<Row> events, String watermark) {
        if (!events.isStreaming()) {
            return events.dropDuplicates(new String[] {"transaction_id"});
        }
        return events
                .withWatermark("event_time", watermark)
                .dropDuplicatesWithinWatermark("transaction_id");
    }

    /**
     * Speed view rows as {@code speed-views} records: key {@code dimension|key|window_start}
     * (key empty for {@code all}), value the JSON of ARCHITECTURE.md. Decimals are written as
     * JSON numbers from their exact value; {@code key} stays in the JSON even when null.
     */
    public static Dataset<Row> toViewRecords(Dataset<Row> views) {
        Column windowStart = date_format(col("window_start"), ISO_INSTANT);
        Column value = struct(
                col("dimension"),
                col("key"),
                windowStart.as("window_start"),
                date_format(col("window_end"), ISO_INSTANT).as("window_end"),
                col(SparkEvents.REVENUE),
                col(SparkEvents.TRANSACTIONS),
                col(SparkEvents.UNITS),
                col(SparkEvents.RETURNS),
                col(SparkEvents.RETURNED_AMOUNT),
                base64(col(SparkEvents.USERS_SKETCH)).as(SparkEvents.USERS_SKETCH),
                date_format(current_timestamp(), ISO_INSTANT).as("updated_at"));
        return views.select(
                concat_ws("|", col("dimension"), coalesce(col("key"), lit("")), windowStart)
                        .as("key"),
                to_json(value, Map.of("ignoreNullFields", "false")).as("value"));
    }

    /**
     * Rejected rows as {@code transactions.dlq} records: the original key, and
     * {@code {"reason", "raw", "source": "speed-layer"}}.
     */
    public static Dataset<Row> toDeadLetterRecords(Dataset<Row> parsed) {
        Column value = struct(col(SparkEvents.REJECTION).as("reason"),
                col(SparkEvents.RAW).as("raw"), lit("speed-layer").as("source"));
        return parsed.filter(col(SparkEvents.REJECTION).isNotNull())
                .select(col(KeyedParser.KAFKA_KEY).as("key"),
                        to_json(value, Map.of("ignoreNullFields", "false")).as("value"));
    }
}
