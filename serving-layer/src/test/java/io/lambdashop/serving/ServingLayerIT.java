package io.lambdashop.serving;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lambdashop.launcher.Components;
import io.lambdashop.launcher.ModuleProcess;
import io.lambdashop.model.Topics;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The serving layer against a real Kafka broker and a real HiveServer2, each its own process
 * on free ports with a temporary data dir. Batch views are inserted through Hive SQL, speed
 * views published to {@code speed-views}; every expected figure is worked out by hand below.
 *
 * <p>Boundary 09:00. Batch: 08:26 and 08:27. Speed: a stale copy of 08:27 (must be ignored),
 * 09:05, and 09:06 sent twice (the latest state wins).
 */
class ServingLayerIT {

    private static final String RANGE = "from=2010-12-01T08:00:00Z&to=2010-12-01T10:00:00Z";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static Path dataDir;
    private static ModuleProcess kafka;
    private static ModuleProcess hive;
    private static ServingLayer servingLayer;
    private static HttpClient http;
    private static String bootstrap;

    @BeforeAll
    static void startStack() throws Exception {
        dataDir = Files.createTempDirectory("serving-it");
        int kafkaPort = Components.freePort();
        int controllerPort = Components.freePort();
        int metastorePort = Components.freePort();
        int hivePort = Components.freePort();
        String hiveUrl = "jdbc:hive2://127.0.0.1:" + hivePort + "/default";
        bootstrap = "127.0.0.1:" + kafkaPort;

        // Both at once: Hive takes most of the time, Kafka is up long before.
        CompletableFuture<ModuleProcess> kafkaStart = CompletableFuture.supplyAsync(
                () -> Components.startKafka(dataDir, kafkaPort, controllerPort));
        CompletableFuture<ModuleProcess> hiveStart = CompletableFuture.supplyAsync(
                () -> Components.startHive(dataDir, metastorePort, hivePort,
                        dataDir.resolve("views").toUri().toString()));
        kafka = kafkaStart.join();
        hive = hiveStart.join();

        writeBatchViews(hiveUrl);
        publishSpeedViews();
        Files.createDirectories(dataDir.resolve("status"));
        Files.writeString(dataDir.resolve("status/speed-layer.json"),
                "{\"updated_at\": \"2026-12-03T18:00:00Z\", \"lag\": 3, \"state_operators\":"
                        + " [{\"num_rows_dropped_by_watermark\": 7}]}");

        servingLayer = ServingLayer.start(new ServingLayer.Options(dataDir, "127.0.0.1", 0,
                bootstrap, hiveUrl, Duration.ofSeconds(1)));
        http = HttpClient.newHttpClient();
        awaitLoaded();
    }

    @AfterAll
    static void stopStack() throws IOException {
        if (servingLayer != null) {
            servingLayer.close();
        }
        if (hive != null) {
            hive.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        // The logs stay behind (a few KB) for whoever reads a failure; the rest goes.
        Path logs = dataDir.resolve("logs");
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder())
                    .filter(path -> !path.startsWith(logs) && !path.equals(dataDir))
                    .forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void statsMergeBothLayersAtTheBoundary() throws Exception {
        JsonNode stats = get("/api/stats?" + RANGE, 200);

        // 100.250 + 50.005 (batch 08:26, 08:27) + 20.100 + 7.500 (speed 09:05, 09:06);
        // the speed copy of 08:27 (999.000) is not counted.
        assertThat(stats.get("revenue").decimalValue()).isEqualByComparingTo("177.855");
        assertThat(stats.get("transactions").asLong()).isEqualTo(3 + 2 + 1 + 1);
        assertThat(stats.get("units").asLong()).isEqualTo(10 + 4 + 2 + 1);
        assertThat(stats.get("returns").asLong()).isEqualTo(1);
        assertThat(stats.get("returned_amount").decimalValue()).isEqualByComparingTo("9.990");
        // u1..u5, with u2 and u3 in two minutes each: 5, not 2+2+2+1 = 7.
        assertThat(stats.get("unique_users").asLong()).isEqualTo(5);
        // 177.855 / 7 = 25.4078...
        assertThat(stats.get("average_amount").decimalValue()).isEqualTo(new BigDecimal(
                "25.41"));
        assertThat(stats.get("boundary").asText()).isEqualTo("2010-12-01T09:00:00Z");
        assertThat(stats.get("sources").get("batch_minutes").asLong()).isEqualTo(2);
        assertThat(stats.get("sources").get("speed_minutes").asLong()).isEqualTo(2);
    }

    @Test
    void countriesAddUpAcrossLayers() throws Exception {
        JsonNode items = get("/api/countries?" + RANGE, 200).get("items");

        // UK: 100.250 + 30.000 (batch); France: 20.005 (batch) + 20.100 (speed);
        // Spain: 7.500 (speed). The stale speed UK 08:27 row is ignored.
        assertThat(items).hasSize(3);
        assertKey(items.get(0), "United Kingdom", "130.250", 4, 12);
        assertKey(items.get(1), "France", "40.105", 2, 4);
        assertKey(items.get(2), "Spain", "7.500", 1, 1);
    }

    @Test
    void timeseriesMarksBatchAndSpeedHours() throws Exception {
        JsonNode buckets = get("/api/timeseries?grain=hour&" + RANGE, 200).get("buckets");

        assertThat(buckets).hasSize(2);
        assertThat(buckets.get(0).get("start").asText()).isEqualTo("2010-12-01T08:00:00Z");
        assertThat(buckets.get(0).get("revenue").decimalValue()).isEqualByComparingTo(
                "150.255");
        assertThat(buckets.get(0).get("transactions").asLong()).isEqualTo(5);
        assertThat(buckets.get(0).get("source").asText()).isEqualTo("batch");
        assertThat(buckets.get(1).get("start").asText()).isEqualTo("2010-12-01T09:00:00Z");
        assertThat(buckets.get(1).get("revenue").decimalValue()).isEqualByComparingTo(
                "27.600");
        assertThat(buckets.get(1).get("source").asText()).isEqualTo("speed");
    }

    @Test
    void topTransactionsComeFromHiveBeforeAndSpeedTopAfter() throws Exception {
        JsonNode top = get("/api/transactions/top?limit=2&" + RANGE, 200).get("transactions");

        // T-S0 (500.000) is before the boundary on the speed side: not a candidate.
        assertThat(top).hasSize(2);
        assertThat(top.get(0).get("transaction_id").asText()).isEqualTo("T-B1");
        assertThat(top.get(0).get("amount").decimalValue()).isEqualByComparingTo("80.000");
        assertThat(top.get(0).get("source").asText()).isEqualTo("batch");
        assertThat(top.get(1).get("transaction_id").asText()).isEqualTo("T-S1");
        assertThat(top.get(1).get("source").asText()).isEqualTo("speed");
    }

    @Test
    void topProductsComeFromHiveBeforeAndSpeedTopAfter() throws Exception {
        JsonNode products = get("/api/products?" + RANGE, 200);

        // Batch: T-B1..4 all sell P1, three times as "Lamp", once as "lamp?": 80.000 +
        // 15.000 + 5.250 + 0.500. Speed: T-S1 "Clock" (P9) 20.100; T-S0 is before the
        // boundary.
        JsonNode items = products.get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("product_id").asText()).isEqualTo("P1");
        assertThat(items.get(0).get("product_name").asText()).isEqualTo("Lamp");
        assertThat(items.get(0).get("revenue").decimalValue()).isEqualByComparingTo("100.750");
        assertThat(items.get(0).get("transactions").asLong()).isEqualTo(4);
        assertThat(items.get(1).get("product_name").asText()).isEqualTo("Clock");
        assertThat(items.get(1).get("revenue").decimalValue()).isEqualByComparingTo("20.100");
        assertThat(products.get("speed_side").asText())
                .isEqualTo("largest transactions of each minute only");
    }

    @Test
    void liveStreamPushesAChangeWithinTwoSecondsOfANewSpeedView() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + servingLayer.port() + "/api/live")).build();
        HttpResponse<Stream<String>> response = http.sendAsync(request,
                HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> response.body().forEach(lines::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        assertThat(nextEvent(lines, Duration.ofSeconds(5))).isEqualTo("hello");

        // A window outside every range the other tests ask for, older than the newest.
        String[] view = speedRow("all", null, "07:00", "1.000", 1, 1, null);
        long sentNanos = System.nanoTime();
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.SPEED_VIEWS, view[0], view[1])).get();
        }

        assertThat(nextEvent(lines, Duration.ofSeconds(2))).isEqualTo("changed");
        assertThat(Duration.ofNanos(System.nanoTime() - sentNanos))
                .isLessThan(Duration.ofSeconds(2));
        response.body().close();
    }

    /** The name of the next server-sent event, or null when none came in time. */
    private static String nextEvent(BlockingQueue<String> lines, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                return null;
            }
            if (line.startsWith("event: ")) {
                return line.substring("event: ".length());
            }
        }
    }

    @Test
    void healthReportsEveryComponent() throws Exception {
        // A running speed layer rewrites its status every few seconds; this one was written
        // when the test class started, and would read as a stopped job after 30 s.
        Path status = dataDir.resolve("status/speed-layer.json");
        Files.setLastModifiedTime(status, java.nio.file.attribute.FileTime.from(Instant.now()));
        JsonNode health = get("/api/health", 200);

        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("problems")).isEmpty();
        assertThat(health.get("kafka").get("reachable").asBoolean()).isTrue();
        assertThat(health.get("hive").get("reachable").asBoolean()).isTrue();
        assertThat(health.get("batch").get("boundary").asText())
                .isEqualTo("2010-12-01T09:00:00Z");
        assertThat(health.get("batch").get("version").asText()).isEqualTo("run-1");
        assertThat(health.get("speed").get("newest_window").asText())
                .isEqualTo("2010-12-01T09:06:00Z");
        assertThat(health.get("speed").get("newest_window_age_seconds").asLong())
                .isGreaterThan(0);
        assertThat(health.get("dead_letters").asLong()).isEqualTo(2);
        assertThat(health.get("late_events_dropped").asLong()).isEqualTo(7);
        assertThat(health.get("speed").get("layer_lag").asLong()).isEqualTo(3);
        assertThat(health.get("speed").get("layer_status_updated_at").asText())
                .isEqualTo("2026-12-03T18:00:00Z");
    }

    @Test
    void badParametersAreNamedIn400s() throws Exception {
        JsonNode error = get("/api/stats?from=yesterday", 400);
        assertThat(error.get("param").asText()).isEqualTo("from");

        assertThat(get("/api/transactions/top?limit=500", 400).get("param").asText())
                .isEqualTo("limit");
    }

    @Test
    void dashboardAndChartJsAreServedFromTheClasspath() throws Exception {
        HttpResponse<String> page = send("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Top 10 transactions");

        HttpResponse<String> chartJs = send("/webjars/chart.js/4.4.1/dist/chart.umd.js");
        assertThat(chartJs.statusCode()).isEqualTo(200);
        assertThat(chartJs.body()).contains("Chart");
    }

    // --- the hand-made data ---

    private static void writeBatchViews(String hiveUrl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(hiveUrl, "test", "");
                Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO ecommerce.sales_minute PARTITION (dt='2010-12-01', hr=8)"
                    + " VALUES "
                    + minute("08:26", "all", null, "100.250", 3, 10, 0, "0.000",
                            users("u1", "u2")) + ", "
                    + minute("08:27", "all", null, "50.005", 2, 4, 1, "9.990",
                            users("u2", "u3")) + ", "
                    + minute("08:26", "country", "United Kingdom", "100.250", 3, 10, 0,
                            "0.000", null) + ", "
                    + minute("08:27", "country", "United Kingdom", "30.000", 1, 2, 0,
                            "0.000", null) + ", "
                    + minute("08:27", "country", "France", "20.005", 1, 2, 1, "9.990",
                            null));
            sql.execute("INSERT INTO ecommerce.transactions PARTITION (dt='2010-12-01', hr=8)"
                    + " VALUES "
                    + transaction("T-B1", "80.000", "08:26:10") + ", "
                    + transaction("T-B2", "15.000", "08:27:30") + ", "
                    + transaction("T-B3", "5.250", "08:26:40") + ", "
                    // Product P1 sold once under another name: "Lamp" stays its name.
                    + transaction("T-B4", "0.500", "08:27:50").replace("'Lamp'", "'lamp?'"));
            // The batch job's last step: the boundary moves once the partitions are there.
            sql.execute("ALTER TABLE ecommerce.sales_minute SET TBLPROPERTIES ("
                    + "'lambda.batch.boundary'='2010-12-01T09:00:00Z',"
                    + " 'lambda.batch.version'='run-1')");
        }
    }

    private static KafkaProducer<String, String> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(config);
    }

    private static void publishSpeedViews() throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            List<String[]> views = List.of(
                    // Before the boundary: the batch views answer there.
                    speedRow("all", null, "08:27", "999.000", 9, 9, users("u9")),
                    speedRow("country", "United Kingdom", "08:27", "999.000", 9, 9, null),
                    speedRow("all", null, "09:05", "20.100", 1, 2, users("u3", "u4")),
                    speedRow("country", "France", "09:05", "20.100", 1, 2, null),
                    // 09:06 first as 3.000, then updated: only the latest state counts.
                    speedRow("all", null, "09:06", "3.000", 1, 1, users("u5")),
                    speedRow("all", null, "09:06", "7.500", 1, 1, users("u5")),
                    speedRow("country", "Spain", "09:06", "7.500", 1, 1, null));
            for (String[] view : views) {
                producer.send(new ProducerRecord<>(Topics.SPEED_VIEWS, view[0], view[1]))
                        .get();
            }
            producer.send(new ProducerRecord<>(SpeedViewConsumer.SPEED_TOP, "T-S0",
                    event("T-S0", "500.000", "08:27:00"))).get();
            producer.send(new ProducerRecord<>(SpeedViewConsumer.SPEED_TOP, "T-S1",
                    event("T-S1", "20.100", "09:05:20"))).get();
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS, "x",
                    "{\"reason\": \"not JSON\", \"raw\": \"x\", \"source\": \"speed-layer\"}"))
                    .get();
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS, "y",
                    "{\"reason\": \"not JSON\", \"raw\": \"y\", \"source\": \"speed-layer\"}"))
                    .get();
        }
    }

    private static String minute(String time, String dimension, String key, String revenue,
            long transactions, long units, long returns, String returned, String sketch) {
        return "(CAST('2010-12-01 " + time + ":00' AS TIMESTAMP), '" + dimension + "', "
                + (key == null ? "CAST(NULL AS STRING)" : "'" + key + "'") + ", "
                + "CAST('" + revenue + "' AS DECIMAL(28,3)), " + transactions + ", " + units
                + ", " + returns + ", CAST('" + returned + "' AS DECIMAL(28,3)), "
                + (sketch == null ? "CAST(NULL AS STRING)" : "'" + sketch + "'") + ")";
    }

    private static String transaction(String id, String amount, String time) {
        return "('" + id + "', 'O1', 'u1', 'P1', 'Lamp', 'Home', 'London', 'United Kingdom',"
                + " 'card', 1, CAST('" + amount + "' AS DECIMAL(18,3)), CAST('" + amount
                + "' AS DECIMAL(18,3)), CAST('2010-12-01 " + time + "' AS TIMESTAMP))";
    }

    private static String[] speedRow(String dimension, String key, String time, String revenue,
            long transactions, long units, String sketch) {
        String windowStart = "2010-12-01T" + time + ":00Z";
        String json = "{\"dimension\": \"" + dimension + "\", \"key\": "
                + (key == null ? "null" : "\"" + key + "\"")
                + ", \"window_start\": \"" + windowStart + "\", \"revenue\": " + revenue
                + ", \"transactions\": " + transactions + ", \"units\": " + units
                + ", \"returns\": 0, \"returned_amount\": 0.000, \"users_sketch\": "
                + (sketch == null ? "null" : "\"" + sketch + "\"")
                + ", \"updated_at\": \"2026-12-03T18:00:01Z\"}";
        return new String[] {dimension + "|" + (key == null ? "" : key) + "|" + windowStart,
            json};
    }

    private static String event(String id, String amount, String time) {
        return "{\"transaction_id\": \"" + id + "\", \"user_id\": \"u3\", \"product_name\":"
                + " \"Clock\", \"product_id\": \"P9\", \"category\": \"Home\","
                + " \"country\": \"France\", \"quantity\": 1,"
                + " \"unit_price\": " + amount + ", \"amount\": " + amount
                + ", \"event_time\": \"2010-12-01T" + time + "Z\"}";
    }

    private static String users(String... ids) {
        HllSketch sketch = new HllSketch(12, TgtHllType.HLL_8);
        for (String id : ids) {
            sketch.update(id);
        }
        return Sketches.toBase64(sketch);
    }

    // --- HTTP ---

    /** Waits until both layers' test data is in the serving layer's memory. */
    private static void awaitLoaded() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            JsonNode health = get("/api/health", 200);
            if ("run-1".equals(health.get("batch").get("version").asText())
                    && "2010-12-01T09:06:00Z".equals(
                            health.get("speed").get("newest_window").asText())
                    && health.get("dead_letters").asLong() == 2) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("serving layer did not load the test data: " + health);
            }
            Thread.sleep(250);
        }
    }

    private static void assertKey(JsonNode item, String key, String revenue, long transactions,
            long units) {
        assertThat(item.get("key").asText()).isEqualTo(key);
        assertThat(item.get("revenue").decimalValue()).isEqualByComparingTo(revenue);
        assertThat(item.get("transactions").asLong()).isEqualTo(transactions);
        assertThat(item.get("units").asLong()).isEqualTo(units);
    }

    private static JsonNode get(String path, int expectedStatus) throws Exception {
        HttpResponse<String> response = send(path);
        assertThat(response.statusCode()).as(path + " -> " + response.body())
                .isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return MAPPER.readTree(response.body());
    }

    private static HttpResponse<String> send(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + servingLayer.port() + path))
                .timeout(Duration.ofSeconds(60)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aStoppedSpeedLayerMakesHealthDegradedWithTheReason() throws Exception {
        Path status = dataDir.resolve("status/speed-layer.json");
        Files.setLastModifiedTime(status, java.nio.file.attribute.FileTime.from(
                Instant.now().minusSeconds(120)));
        try {
            JsonNode health = get("/api/health", 200);

            assertThat(health.get("status").asText()).isEqualTo("degraded");
            assertThat(health.get("problems").get(0).asText())
                    .startsWith("speed-layer has not reported for 12");
        } finally {
            Files.setLastModifiedTime(status,
                    java.nio.file.attribute.FileTime.from(Instant.now()));
        }
    }

    @Test
    void theAdminApiRefusesHoursThatAreNotHoursAndRangesTooLong() throws Exception {
        String token = Files.readString(dataDir.resolve("admin-token")).trim();
        for (String query : List.of("from=2010-12-01T24&to=2010-12-02T01",
                "from=1900-01-01T00&to=2100-01-01T00",
                "from=2010-12-01T09&to=2010-12-01T10&from=2010-12-01T11")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + servingLayer.port() + "/api/admin/rerun?" + query))
                    .header("Authorization", "bearer " + token)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(400);
        }
    }
}
