package io.lambdashop.ingest;

import io.lambdashop.launcher.Components;
import io.lambdashop.launcher.ModuleProcess;
import io.lambdashop.launcher.Repository;
import io.lambdashop.model.EventJson;
import io.lambdashop.model.ParseResult;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a real broker, started as its own process the way the stack starts it: the topics
 * of the contract exist, a replay lands every line of a real day exactly once with exact
 * amounts, a bad line lands in the dead letter topic, and generated events are valid.
 */
class ReplayIT {

    private static final Path DAY = Repository.root()
            .resolve("../shared/datasets/online-retail/by-day/2010-12-01.csv.gz").normalize();

    @TempDir
    static Path dataDir;

    private static ModuleProcess kafka;
    private static String bootstrap;

    @BeforeAll
    static void startKafka() {
        int port = Components.freePort();
        int controllerPort = Components.freePort();
        kafka = Components.startKafka(dataDir, port, controllerPort);
        bootstrap = "127.0.0.1:" + port;
    }

    @AfterAll
    static void stopKafka() throws IOException {
        if (kafka == null) {
            return;
        }
        kafka.stop(Duration.ofSeconds(30));

        // The broker's shutdown hook ran to its end and took the ready marker away.
        assertThat(Files.readString(kafka.logFile())).contains("Kafka stopped cleanly");
        assertThat(dataDir.resolve("kafka/ready")).doesNotExist();
    }

    @Test
    void brokerCreatedTheTopicsOfTheContract() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(
                    "transactions", "transactions.dlq", "speed-views", "speed-top"))
                    .allTopicNames().get();
            assertThat(topics.get("transactions").partitions()).hasSize(3);
            assertThat(topics.get("transactions.dlq").partitions()).hasSize(1);
            assertThat(topics.get("speed-views").partitions()).hasSize(1);
            assertThat(topics.get("speed-top").partitions()).hasSize(1);

            for (String topic : List.of("speed-views", "speed-top", "transactions")) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                String policy = admin.describeConfigs(List.of(resource)).all().get()
                        .get(resource).get("cleanup.policy").value();
                assertThat(policy).as(topic)
                        .isEqualTo(topic.startsWith("speed-") ? "compact" : "delete");
            }
        }
    }

    @Test
    void replayPublishesEveryLineWithExactAmountsAndRejectsTheBadOne(@TempDir Path dir)
            throws Exception {
        // What the file holds, read by plain string splitting, not by the code under test.
        Figures expected = figuresOf(DAY);
        assertThat(expected.lines()).isEqualTo(3108);
        assertThat(expected.amountSum()).isEqualByComparingTo("58635.56");

        // A tiny file: one good line (6 x 2.55), one line whose quantity is not a number.
        Path tiny = Files.writeString(dir.resolve("tiny.csv"),
                "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,"
                        + "Country\n"
                        + "T900001,85123A,\"HOLDER, WHITE\",6,2010-12-01 08:26:00,2.55,17850.0,"
                        + "United Kingdom\n"
                        + "T900002,71053,LANTERN,six,2010-12-01 08:27:00,3.39,17850.0,"
                        + "United Kingdom\n");
        Map<TopicPartition, Long> eventsBefore = endOffsets("transactions");
        Map<TopicPartition, Long> deadBefore = endOffsets("transactions.dlq");

        StringWriter out = new StringWriter();
        int exitCode = runCli(out, "replay", "--bootstrap", bootstrap, DAY.toString(),
                tiny.toString());

        assertThat(exitCode).isEqualTo(0);
        assertThat(out.toString()).contains("files:            2")
                .contains("events published: " + (expected.lines() + 1))
                .contains("lines rejected:   1");

        // Every line of the day once, keyed by its id, amounts summing to the file's.
        List<ConsumerRecord<String, String>> events = readFrom(eventsBefore);
        assertThat(events).hasSize(expected.lines() + 1);
        BigDecimal daySum = BigDecimal.ZERO;
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, String> record : events) {
            ParseResult parsed = EventJson.parse(record.value());
            assertThat(parsed.rejection()).isNull();
            assertThat(record.key()).isEqualTo(parsed.event().transactionId());
            ids.add(record.key());
            if (record.key().startsWith("T900001")) {
                assertThat(parsed.event().amount()).isEqualByComparingTo("15.30");
                assertThat(parsed.event().productName()).isEqualTo("HOLDER, WHITE");
            } else {
                daySum = daySum.add(parsed.event().amount());
            }
        }
        assertThat(ids).hasSize(expected.lines() + 1);
        assertThat(daySum).isEqualByComparingTo(expected.amountSum());

        // The bad line, with why and where.
        List<ConsumerRecord<String, String>> dead = readFrom(deadBefore);
        assertThat(dead).hasSize(1);
        JsonNode letter = new ObjectMapper().readTree(dead.get(0).value());
        assertThat(letter.get("reason").asText()).contains("six");
        assertThat(letter.get("raw").asText()).contains("T900002").contains("LANTERN");
        assertThat(letter.get("source").asText()).isEqualTo("replay");
        assertThat(letter.get("file").asText()).isEqualTo(tiny.toString());
        assertThat(letter.get("line").asLong()).isEqualTo(3);
    }

    @Test
    void aFileThatIsNotOnlineRetailIsSkippedAndTheNextOneStillReplayed(@TempDir Path dir)
            throws Exception {
        Path orders = Files.writeString(dir.resolve("orders.csv"), "order,total\n1,10.00\n");
        Path good = Files.writeString(dir.resolve("good.csv"),
                "\uFEFFInvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,"
                        + "CustomerID,Country\n"
                        + "T900101,85123A,HOLDER,2,2010-12-01 08:26:00,2.55,17850.0,France\n");
        Map<TopicPartition, Long> before = endOffsets("transactions");

        StringWriter out = new StringWriter();
        int exitCode = runCli(out, "replay", "--bootstrap", bootstrap, orders.toString(),
                good.toString());

        assertThat(exitCode).as(out.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("events published: 1")
                .contains("NOT REPLAYED:     " + orders + ": not an Online Retail file");
        List<ConsumerRecord<String, String>> events = readFrom(before);
        assertThat(events).singleElement().extracting(ConsumerRecord::key)
                .isEqualTo("T900101-1");
    }

    @Test
    void generatePublishesValidEvents() {
        Map<TopicPartition, Long> before = endOffsets("transactions");

        StringWriter out = new StringWriter();
        int exitCode = runCli(out, "generate", "--bootstrap", bootstrap, "--rate", "2000",
                "--count", "300");

        assertThat(exitCode).isEqualTo(0);
        assertThat(out.toString()).contains("events published: 300");
        List<ConsumerRecord<String, String>> events = readFrom(before);
        assertThat(events).hasSize(300);
        for (ConsumerRecord<String, String> record : events) {
            ParseResult parsed = EventJson.parse(record.value());
            assertThat(parsed.rejection()).isNull();
            assertThat(parsed.event().country()).isEqualTo("Morocco");
        }
    }

    private static int runCli(StringWriter out, String... args) {
        CommandLine commandLine = IngestCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        return commandLine.execute(args);
    }

    /** Line count and sum of Quantity x UnitPrice of an Online Retail file. */
    record Figures(int lines, BigDecimal amountSum) {
    }

    private static Figures figuresOf(Path gzipFile) throws IOException {
        int lines = 0;
        BigDecimal sum = BigDecimal.ZERO;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gzipFile)), StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            assertThat(header).startsWith("InvoiceNo,StockCode,Description,Quantity");
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                List<String> fields = splitQuoted(line);
                assertThat(fields).as(line).hasSize(8);
                sum = sum.add(new BigDecimal(fields.get(3))
                        .multiply(new BigDecimal(fields.get(5))));
                lines++;
            }
        }
        return new Figures(lines, sum);
    }

    /** Commas inside double quotes do not split; enough for this file's descriptions. */
    private static List<String> splitQuoted(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    /** Every record from {@code start} up to the current end of each partition. */
    private static List<ConsumerRecord<String, String>> readFrom(
            Map<TopicPartition, Long> start) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(start.keySet()));
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);

            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadlineNanos = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (end.entrySet().stream()
                    .anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                assertThat(System.nanoTime()).as("read up to %s in time", end)
                        .isLessThan(deadlineNanos);
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records;
        }
    }
}
