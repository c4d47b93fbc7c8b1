package io.lambdashop.speed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdashop.launcher.Components;
import io.lambdashop.launcher.ModuleProcess;
import io.lambdashop.model.EventJson;
import io.lambdashop.model.TransactionEvent;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import static io.lambdashop.speed.SpeedViewsTest.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The speed layer against a real broker: events in, speed views, dead letters and the status
 * file out, every figure worked out by hand.
 */
class SpeedLayerKafkaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path dataDir;

    private static ModuleProcess kafka;
    private static String bootstrap;
    private static SparkSession spark;
    private static SpeedLayerJob job;

    @BeforeAll
    static void start() throws Exception {
        int port = Components.freePort();
        kafka = Components.startKafka(dataDir, port, Components.freePort());
        bootstrap = "127.0.0.1:" + port;
        spark = SpeedLayer.createSession("local[2]", 2);
        job = SpeedLayerJob.start(spark, new SpeedLayerJob.Settings(dataDir, bootstrap,
                "10 minutes", "1 second", 200_000));
    }

    @AfterAll
    static void stop() {
        if (job != null) {
            job.close();
        }
        if (spark != null) {
            spark.stop();
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
        }
        if (kafka != null) {
            kafka.stop(Duration.ofSeconds(20));
        }
    }

    @Test
    void viewsDeadLettersAndLateEvents() throws Exception {
        // Two minutes of sales; a3 is a return. Then two records that are not events.
        TransactionEvent a1 = event("a1", "u1", "Home", "London", "United Kingdom", "card", 2,
                "2.55", "2010-12-01T10:00:05Z");
        publish(List.of(
                record(a1),
                record(event("a2", "u2", "Toys", "London", "United Kingdom", "cash", 1, "7.5",
                        "2010-12-01T10:00:40Z")),
                record(event("a3", "u3", "Home", "Paris", "France", "card", -2, "3.25",
                        "2010-12-01T10:01:15Z")),
                record(event("a4", "u1", null, null, "France", null, 3, "0.333",
                        "2010-12-01T10:01:59.999Z")),
                new ProducerRecord<>("transactions", "bad-1", "{not json"),
                new ProducerRecord<>("transactions", "bad-2",
                        "{\"quantity\":1,\"unit_price\":1,\"amount\":1,"
                                + "\"event_time\":\"2010-12-01T10:00:00Z\"}")));

        // By hand: 10:00 holds a1 (5.100) and a2 (7.500); 10:01 holds a3 (-6.500) and
        // a4 (0.999). Fields: revenue transactions units returns returned_amount.
        Map<String, String> expected = new TreeMap<>();
        expected.put("all||2010-12-01T10:00:00Z", "12.600 2 3 0 0.000");
        expected.put("all||2010-12-01T10:01:00Z", "-5.501 2 1 1 6.500");
        expected.put("category|Home|2010-12-01T10:00:00Z", "5.100 1 2 0 0.000");
        expected.put("category|Toys|2010-12-01T10:00:00Z", "7.500 1 1 0 0.000");
        expected.put("category|Home|2010-12-01T10:01:00Z", "-6.500 1 -2 1 6.500");
        expected.put("city|London|2010-12-01T10:00:00Z", "12.600 2 3 0 0.000");
        expected.put("city|Paris|2010-12-01T10:01:00Z", "-6.500 1 -2 1 6.500");
        expected.put("country|United Kingdom|2010-12-01T10:00:00Z", "12.600 2 3 0 0.000");
        expected.put("country|France|2010-12-01T10:01:00Z", "-5.501 2 1 1 6.500");
        expected.put("payment_method|card|2010-12-01T10:00:00Z", "5.100 1 2 0 0.000");
        expected.put("payment_method|cash|2010-12-01T10:00:00Z", "7.500 1 1 0 0.000");
        expected.put("payment_method|card|2010-12-01T10:01:00Z", "-6.500 1 -2 1 6.500");
        await("the speed views of the first events",
                () -> figures(latestPerKey("speed-views")).equals(expected));

        // The watermark is now 10:01:59.999 - 10 minutes. a1 again (a duplicate) and an
        // event from 09:40 (late) must change nothing; the late one is counted as dropped.
        await("the watermark to pass 09:51", () -> status().path("watermark").asText()
                .startsWith("2010-12-01T09:51:59.999"));
        publish(List.of(record(a1), record(event("late-1", "u9", "Home", "Berlin", "Germany",
                "card", 1, "100", "2010-12-01T09:40:00Z"))));
        await("the late event to be counted as dropped",
                () -> status().path("num_rows_dropped_by_watermark").asLong() == 1);
        await("the dead letters to be counted",
                () -> status().path("dead_letters_sent").asLong() == 2);
        assertThat(figures(latestPerKey("speed-views"))).isEqualTo(expected);

        Map<String, String> deadLetters = latestPerKey("transactions.dlq");
        assertThat(deadLetters).containsOnlyKeys("bad-1", "bad-2");
        JsonNode notJson = JSON.readTree(deadLetters.get("bad-1"));
        assertThat(notJson.get("reason").asText()).startsWith("not JSON: ");
        assertThat(notJson.get("raw").asText()).isEqualTo("{not json");
        assertThat(notJson.get("source").asText()).isEqualTo("speed-layer");
        assertThat(JSON.readTree(deadLetters.get("bad-2")).get("reason").asText())
                .isEqualTo("missing transaction_id");

        // Every minute touched had fewer than ten events, so all of them are in speed-top.
        await("speed-top to hold every valid event",
                () -> latestPerKey("speed-top").keySet().equals(
                        java.util.Set.of("a1", "a2", "a3", "a4", "late-1")));

        JsonNode status = status();
        assertThat(status.path("end_offsets").path("transactions").path("0").isNumber())
                .isTrue();
        assertThat(status.path("lag").asLong()).isZero();
        assertThat(Files.getLastModifiedTime(statusFile()).toInstant())
                .isAfter(java.time.Instant.now().minusSeconds(30));
    }

    private static ProducerRecord<String, String> record(TransactionEvent event) {
        return new ProducerRecord<>("transactions", event.transactionId(),
                EventJson.toJson(event));
    }

    private static void publish(List<ProducerRecord<String, String>> records) {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    /** The latest value of each key of a one-partition topic, read from its start. */
    private static Map<String, String> latestPerKey(String topic) {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", StringDeserializer.class.getName());
        Map<String, String> latest = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> record
                        : consumer.poll(Duration.ofMillis(500))) {
                    latest.put(record.key(), record.value());
                }
            }
        }
        return latest;
    }

    /** speed-views values as "revenue transactions units returns returned_amount". */
    private static Map<String, String> figures(Map<String, String> views) {
        Map<String, String> figures = new TreeMap<>();
        views.forEach((key, value) -> {
            try {
                JsonNode view = JSON.readTree(value);
                // The text of the numbers, so that a lost decimal shows.
                figures.put(key, number(value, "revenue") + " "
                        + view.get("transactions").asLong() + " "
                        + view.get("units").asLong() + " "
                        + view.get("returns").asLong() + " "
                        + number(value, "returned_amount"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return figures;
    }

    private static String number(String json, String field) {
        String marker = "\"" + field + "\":";
        int start = json.indexOf(marker) + marker.length();
        int end = json.indexOf(',', start);
        return json.substring(start, end);
    }

    private static Path statusFile() {
        return dataDir.resolve("status/speed-layer.json");
    }

    private static JsonNode status() {
        try {
            return Files.exists(statusFile()) ? JSON.readTree(statusFile().toFile())
                    : JSON.createObjectNode();
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws Exception {
        long deadlineNanos = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadlineNanos) {
                throw new AssertionError("Timed out waiting for " + what + "; status: "
                        + status() + "; views: " + figures(latestPerKey("speed-views")));
            }
            Thread.sleep(500);
        }
    }
}
