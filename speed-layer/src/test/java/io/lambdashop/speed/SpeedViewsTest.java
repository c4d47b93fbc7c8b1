package io.lambdashop.speed;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdashop.model.EventJson;
import io.lambdashop.model.SparkEvents;
import io.lambdashop.model.TransactionEvent;

import org.apache.datasketches.hll.HllSketch;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The speed layer's transformations on batch DataFrames (no Kafka): the views of a handful of
 * events whose figures are worked out by hand below.
 */
class SpeedViewsTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SpeedLayer.createSession("local[2]", 2);
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    /**
     * Minute 08:26 holds t1, t2, t4 (a return) and t5 (no category, no payment method); t3 is
     * in 08:27; t1 comes twice and counts once.
     */
    private static List<TransactionEvent> events() {
        return List.of(
                event("t1", "u1", "Home", "London", "United Kingdom", "card", 2, "2.55",
                        "2010-12-01T08:26:10Z"),
                event("t2", "u2", "Toys", "Leeds", "United Kingdom", "cash", 3, "1.25",
                        "2010-12-01T08:26:50Z"),
                event("t3", "u1", "Home", "Paris", "France", "card", 1, "10",
                        "2010-12-01T08:27:05Z"),
                event("t4", "u3", "Toys", "London", "United Kingdom", "card", -1, "2.55",
                        "2010-12-01T08:26:30Z"),
                event("t5", "u2", null, "Leeds", "United Kingdom", null, 4, "0.5",
                        "2010-12-01T08:26:40Z"),
                event("t1", "u1", "Home", "London", "United Kingdom", "card", 2, "2.55",
                        "2010-12-01T08:26:10Z"));
    }

    @Test
    void viewsCountEachTransactionOnceInEveryDimensionWithAKey() {
        Dataset<Row> parsed = SpeedViews.parse(kafkaRecords(events(), List.of()));

        Map<String, String> actual = figures(SpeedViews.views(
                SpeedViews.validEvents(parsed), "10 minutes"));

        // revenue, transactions, units, returns, returned amount: by hand from events().
        // 08:26: 5.100 + 3.750 - 2.550 + 2.000 = 8.300, units 2 + 3 - 1 + 4 = 8.
        Map<String, String> expected = new TreeMap<>();
        expected.put("all||08:26", "8.300 4 8 1 2.550");
        expected.put("all||08:27", "10.000 1 1 0 0.000");
        expected.put("category|Home|08:26", "5.100 1 2 0 0.000");
        expected.put("category|Toys|08:26", "1.200 2 2 1 2.550");
        expected.put("category|Home|08:27", "10.000 1 1 0 0.000");
        expected.put("city|London|08:26", "2.550 2 1 1 2.550");
        expected.put("city|Leeds|08:26", "5.750 2 7 0 0.000");
        expected.put("city|Paris|08:27", "10.000 1 1 0 0.000");
        expected.put("country|United Kingdom|08:26", "8.300 4 8 1 2.550");
        expected.put("country|France|08:27", "10.000 1 1 0 0.000");
        expected.put("payment_method|card|08:26", "2.550 2 1 1 2.550");
        expected.put("payment_method|cash|08:26", "3.750 1 3 0 0.000");
        expected.put("payment_method|card|08:27", "10.000 1 1 0 0.000");
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void viewRecordsAreTheJsonOfTheContract() throws Exception {
        Dataset<Row> parsed = SpeedViews.parse(kafkaRecords(events(), List.of()));
        Dataset<Row> views = SpeedViews.views(SpeedViews.validEvents(parsed), "10 minutes");

        Row record = SpeedViews.toViewRecords(views.filter(col("dimension").equalTo("all")
                .and(col("window_start").equalTo("2010-12-01 08:26:00")))).first();

        assertThat(record.getString(0)).isEqualTo("all||2010-12-01T08:26:00Z");
        JsonNode value = JSON.readTree(record.getString(1));
        assertThat(value.get("dimension").asText()).isEqualTo("all");
        assertThat(value.has("key")).isTrue();
        assertThat(value.get("key").isNull()).isTrue();
        assertThat(value.get("window_start").asText()).isEqualTo("2010-12-01T08:26:00Z");
        assertThat(value.get("window_end").asText()).isEqualTo("2010-12-01T08:27:00Z");
        // Money as JSON numbers written from the exact decimal (Jackson's tree would strip
        // the trailing zeros, so the text itself is checked).
        assertThat(value.get("revenue").isNumber()).isTrue();
        assertThat(record.getString(1)).contains("\"revenue\":8.300,")
                .contains("\"returned_amount\":2.550,");
        assertThat(value.get("transactions").asLong()).isEqualTo(4);
        assertThat(value.get("units").asLong()).isEqualTo(8);
        assertThat(value.get("returns").asLong()).isEqualTo(1);
        assertThat(Instant.parse(value.get("updated_at").asText()))
                .isAfter(Instant.now().minusSeconds(600));
        // u1, u2, u3 bought in 08:26; a sketch this small counts them (almost) exactly.
        String sketch = value.get("users_sketch").asText();
        assertThat(sketch).doesNotContain("\n", "\r");
        assertThat(Math.round(HllSketch.heapify(Base64.getDecoder().decode(sketch))
                .getEstimate())).isEqualTo(3);
    }

    @Test
    void rejectedRecordsBecomeDeadLettersUnderTheirOriginalKey() throws Exception {
        Dataset<Row> parsed = SpeedViews.parse(kafkaRecords(events().subList(0, 1), List.of(
                RowFactory.create("bad-1", "{not json"),
                RowFactory.create("bad-2", "{\"quantity\":2,\"unit_price\":2.55,"
                        + "\"amount\":5.1,\"event_time\":\"2010-12-01T08:26:00Z\"}"))));

        List<Row> deadLetters = SpeedViews.toDeadLetterRecords(parsed).orderBy("key")
                .collectAsList();

        assertThat(deadLetters).hasSize(2);
        assertThat(deadLetters.get(0).getString(0)).isEqualTo("bad-1");
        JsonNode first = JSON.readTree(deadLetters.get(0).getString(1));
        assertThat(first.get("reason").asText()).startsWith("not JSON: ");
        assertThat(first.get("raw").asText()).isEqualTo("{not json");
        assertThat(first.get("source").asText()).isEqualTo("speed-layer");
        assertThat(deadLetters.get(1).getString(0)).isEqualTo("bad-2");
        assertThat(JSON.readTree(deadLetters.get(1).getString(1)).get("reason").asText())
                .isEqualTo("missing transaction_id");
    }

    @Test
    void topRecordsKeepTheTenLargestAmountsOfEachMinute() {
        // Twelve events in 08:30 with amounts 1..12 (one of them sent twice), one in 08:31.
        List<TransactionEvent> events = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            events.add(event("m" + i, "u" + i, null, null, "France", null, 1,
                    Integer.toString(i), "2010-12-01T08:30:" + (10 + i) + "Z"));
        }
        events.add(events.get(11));
        events.add(event("n1", "u1", null, null, "France", null, 1, "0.5",
                "2010-12-01T08:31:00Z"));
        Dataset<Row> parsed = SpeedViews.parse(kafkaRecords(events, List.of()));

        List<String> keys = SideOutputs.topRecords(
                parsed.filter(col(SparkEvents.REJECTION).isNull()))
                .select("key").orderBy("key").as(Encoders.STRING()).collectAsList();

        // m1 and m2 (amounts 1 and 2) are the two smallest of 08:30 and fall out.
        assertThat(keys).containsExactly("m10", "m11", "m12", "m3", "m4", "m5", "m6", "m7",
                "m8", "m9", "n1");
    }

    private static Dataset<Row> kafkaRecords(List<TransactionEvent> events, List<Row> extra) {
        StructType schema = new StructType()
                .add("key", DataTypes.StringType)
                .add("value", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (TransactionEvent event : events) {
            rows.add(RowFactory.create(event.transactionId(), EventJson.toJson(event)));
        }
        rows.addAll(extra);
        return spark.createDataFrame(rows, schema);
    }

    /** View rows as "dimension|key|HH:mm" -> "revenue transactions units returns returned". */
    private static Map<String, String> figures(Dataset<Row> views) {
        Map<String, String> figures = new TreeMap<>();
        for (Row row : views.collectAsList()) {
            String window = row.getTimestamp(row.fieldIndex("window_start")).toInstant()
                    .toString().substring(11, 16);
            String key = row.getString(0) + "|" + (row.isNullAt(1) ? "" : row.getString(1))
                    + "|" + window;
            String value = row.getDecimal(row.fieldIndex("revenue")).toPlainString()
                    + " " + row.getLong(row.fieldIndex("transactions"))
                    + " " + row.getLong(row.fieldIndex("units"))
                    + " " + row.getLong(row.fieldIndex("returns"))
                    + " " + row.getDecimal(row.fieldIndex("returned_amount")).toPlainString();
            assertThat(figures.put(key, value)).as("one row per view and window: " + key)
                    .isNull();
        }
        return figures;
    }

    static TransactionEvent event(String id, String user, String category, String city,
            String country, String paymentMethod, int quantity, String unitPrice,
            String eventTime) {
        BigDecimal price = new BigDecimal(unitPrice);
        return new TransactionEvent(id, "o-" + id, user, "p-" + id, "product " + id, category,
                city, country, paymentMethod, quantity, price,
                price.multiply(BigDecimal.valueOf(quantity)), Instant.parse(eventTime));
    }
}
