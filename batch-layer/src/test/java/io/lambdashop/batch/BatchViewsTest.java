package io.lambdashop.batch;

import io.lambdashop.model.SparkEvents;
import io.lambdashop.model.TransactionEvent;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.hour;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch views of hand-made events, against figures worked out by hand. Spark only: no
 * Kafka, no Hive.
 */
class BatchViewsTest {

    @TempDir
    static Path dataDir;

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        BatchOptions options = CommandLine.populateCommand(new BatchOptions(),
                "--data-dir", dataDir.toString(), "--master", "local[2]",
                "--shuffle-partitions", "2");
        spark = SparkSessions.create("batch-views-test", options, false);
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static TransactionEvent event(String id, String user, String category, String city,
            String country, String payment, int quantity, String unitPrice, String time) {
        BigDecimal price = new BigDecimal(unitPrice);
        return new TransactionEvent(id, "o-" + id, user, "p-" + id, "product " + id, category,
                city, country, payment, quantity, price,
                price.multiply(BigDecimal.valueOf(quantity)), Instant.parse(time));
    }

    /**
     * Hour 08: t1 (delivered twice), t2 without a category, t3 a return, t4 without city and
     * payment method, the next minute. Hour 09: t5.
     */
    private static Dataset<Row> masterRows() {
        TransactionEvent t1 = event("t1", "u1", "Kitchen", "London", "United Kingdom", "card",
                2, "3.50", "2010-12-01T08:26:10Z");
        List<TransactionEvent> events = List.of(
                t1,
                t1,
                event("t2", "u2", null, "Paris", "France", "paypal", 1, "10.125",
                        "2010-12-01T08:26:40Z"),
                event("t3", "u1", "Kitchen", "London", "United Kingdom", "card", -1, "3.50",
                        "2010-12-01T08:26:59Z"),
                event("t4", "u3", "Garden", null, "France", null, 3, "0.333",
                        "2010-12-01T08:27:00Z"),
                event("t5", "u4", "Garden", "Lyon", "France", "card", 4, "2.5",
                        "2010-12-01T09:00:00Z"));
        List<Row> rows = new ArrayList<>();
        for (TransactionEvent e : events) {
            rows.add(SparkEvents.toRow(e));
        }
        return spark.createDataFrame(rows, SparkEvents.eventSchema())
                .withColumn("dt", date_format(col("event_time"), "yyyy-MM-dd"))
                .withColumn("hr", hour(col("event_time")));
    }

    @Test
    void keepsEachTransactionOncePerHour() {
        Dataset<Row> deduped = BatchViews.dedupe(masterRows());

        Map<String, Long> copies = new HashMap<>();
        for (Row row : deduped.collectAsList()) {
            copies.put(row.getAs("transaction_id"), row.getAs(BatchViews.COPIES));
        }
        assertThat(copies).containsOnly(Map.entry("t1", 2L), Map.entry("t2", 1L),
                Map.entry("t3", 1L), Map.entry("t4", 1L), Map.entry("t5", 1L));

        Dataset<Row> transactions = BatchViews.transactions(deduped);
        assertThat(transactions.columns()).containsExactly("transaction_id", "order_id",
                "user_id", "product_id", "product_name", "category", "city", "country",
                "payment_method", "quantity", "unit_price", "amount", "event_time", "dt", "hr");
        Row t2 = transactions.where(col("transaction_id").equalTo("t2")).first();
        assertThat((BigDecimal) t2.getAs("amount")).isEqualByComparingTo("10.125");
        assertThat(t2.<String>getAs("dt")).isEqualTo("2010-12-01");
        assertThat(t2.<Integer>getAs("hr")).isEqualTo(8);
        assertThat(t2.<String>getAs("category")).isNull();
    }

    @Test
    void salesPerMinuteAndKey() {
        List<Row> rows = BatchViews.salesMinute(BatchViews.dedupe(masterRows()))
                .orderBy("window_start", "dimension", "dim_key").collectAsList();
        Map<String, Row> byKey = new HashMap<>();
        for (Row row : rows) {
            byKey.put(row.getTimestamp(0).toInstant().toString().substring(11, 16) + " "
                    + row.getString(1) + " " + row.getString(2), row);
        }

        // 08:26 all: t1 7.000 (once), t2 10.125, t3 -3.500 -> 13.625; units 2 + 1 - 1.
        assertMeasures(byKey.get("08:26 all null"), "13.625", 3, 2, 1, "3.500");
        // t2 has no category: only t1 and t3 are in Kitchen; no null-key row exists.
        assertMeasures(byKey.get("08:26 category Kitchen"), "3.500", 2, 1, 1, "3.500");
        assertMeasures(byKey.get("08:26 country United Kingdom"), "3.500", 2, 1, 1, "3.500");
        assertMeasures(byKey.get("08:26 country France"), "10.125", 1, 1, 0, "0.000");
        assertMeasures(byKey.get("08:26 city Paris"), "10.125", 1, 1, 0, "0.000");
        assertMeasures(byKey.get("08:26 payment_method card"), "3.500", 2, 1, 1, "3.500");
        // 08:27: t4 3 x 0.333; no city, no payment method.
        assertMeasures(byKey.get("08:27 all null"), "0.999", 1, 3, 0, "0.000");
        assertMeasures(byKey.get("08:27 category Garden"), "0.999", 1, 3, 0, "0.000");
        assertMeasures(byKey.get("09:00 all null"), "10.000", 1, 4, 0, "0.000");

        // 08:26: all, Kitchen, London, Paris, UK, France, card, paypal; 08:27: all, Garden,
        // France; 09:00: all, Garden, Lyon, France, card.
        assertThat(rows).hasSize(16);
        assertThat(byKey.keySet()).noneMatch(key -> key.endsWith(" null")
                && !key.contains(" all "));
        assertThat(byKey.get("09:00 all null").<Integer>getAs("hr")).isEqualTo(9);
    }

    @Test
    void usersSketchIsOneLineOfBase64ThatCountsDistinctUsers() {
        Row all0826 = BatchViews.salesMinute(BatchViews.dedupe(masterRows()))
                .where(col("dimension").equalTo("all")
                        .and(col("window_start").equalTo("2010-12-01 08:26:00")))
                .first();
        String sketch = all0826.getAs(SparkEvents.USERS_SKETCH);

        assertThat(sketch).doesNotContain("\n").doesNotContain("\r");
        HllSketch users = HllSketch.heapify(Memory.wrap(Base64.getDecoder().decode(sketch)));
        // u1 bought and returned, u2 bought: two users. The estimate of so few distinct
        // values is exact once rounded (the sketch's own result is 2.000000005).
        assertThat(Math.round(users.getEstimate())).isEqualTo(2L);
    }

    @Test
    void rangeFilterKeepsExactlyTheHoursOfTheRange() {
        Dataset<Row> hours = spark.range(0, 72).selectExpr(
                "date_format(timestamp'2010-12-01 00:00:00' + make_interval(0, 0, 0, 0, "
                        + "cast(id as int)), 'yyyy-MM-dd') AS dt",
                "cast(id % 24 as int) AS hr");
        HourRange range = HourRange.parse("2010-12-01T22", "2010-12-03T01");

        List<String> kept = new ArrayList<>();
        for (Row row : hours.where(BatchJob.inRange(range)).orderBy("dt", "hr")
                .collectAsList()) {
            kept.add(row.getString(0) + "T" + row.getInt(1));
        }

        assertThat(kept).hasSize(27);
        assertThat(kept.get(0)).isEqualTo("2010-12-01T22");
        assertThat(kept.get(26)).isEqualTo("2010-12-03T0");
    }

    private static void assertMeasures(Row row, String revenue, long transactions, long units,
            long returns, String returnedAmount) {
        assertThat(row).as("row").isNotNull();
        assertThat((BigDecimal) row.getAs(SparkEvents.REVENUE)).isEqualByComparingTo(revenue);
        assertThat(row.<Long>getAs(SparkEvents.TRANSACTIONS)).isEqualTo(transactions);
        assertThat(row.<Long>getAs(SparkEvents.UNITS)).isEqualTo(units);
        assertThat(row.<Long>getAs(SparkEvents.RETURNS)).isEqualTo(returns);
        assertThat((BigDecimal) row.getAs(SparkEvents.RETURNED_AMOUNT))
                .isEqualByComparingTo(returnedAmount);
    }
}
