package io.lambdashop.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdashop.model.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What {@code ./lambda status} prints: each component with its pid and health, how far
 * each streaming job is behind the {@code transactions} topic, and the batch boundary.
 *
 * <p>Spark does not commit its offsets to Kafka, so Kafka's own tools cannot show the jobs'
 * lag; the jobs write the offsets they have processed into their status files instead, and
 * the lag is the topic's end offsets minus those.
 */
final class StatusReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StackConfig config;

    StatusReport(StackConfig config) {
        this.config = config;
    }

    /** Prints the report; returns true when every component is healthy. */
    boolean print(PrintStream out) {
        Map<Integer, Long> topicEnds = topicEndOffsets();
        boolean allHealthy = true;

        out.printf("%-14s %-8s %-10s %s%n", "COMPONENT", "PID", "STATE", "DETAIL");
        for (Component component : Component.values()) {
            Optional<ProcessHandle> process = Stack.runningProcess(config, component);
            boolean healthy = process.isPresent() && component.isHealthy(config);
            allHealthy &= healthy;
            String state = process.isEmpty() ? "stopped" : healthy ? "healthy" : "unhealthy";
            out.printf("%-14s %-8s %-10s %s%n", component.id(),
                    process.map(p -> Long.toString(p.pid())).orElse("-"), state,
                    detail(component, topicEnds));
        }

        out.println();
        out.println("Batch boundary: " + batchBoundary().orElse("none yet (no batch run)"));
        out.println("Logs: " + config.dataDir().resolve("logs"));
        return allHealthy;
    }

    private String detail(Component component, Map<Integer, Long> topicEnds) {
        return switch (component) {
            case KAFKA -> topicEnds.isEmpty() ? "unreachable at " + config.bootstrapServers()
                    : "transactions: " + topicEnds.values().stream().mapToLong(Long::longValue)
                    .sum() + " events";
            case HIVE -> config.hiveJdbcUrl();
            case SPEED_LAYER, ARCHIVER -> lag(component, topicEnds);
            case SCHEDULER -> statusAge(component);
            case SERVING_LAYER -> config.dashboardUrl();
        };
    }

    private String lag(Component component, Map<Integer, Long> topicEnds) {
        Optional<JsonNode> status = readStatus(component);
        if (status.isEmpty()) {
            return "no status yet";
        }
        Map<Integer, Long> processed = processedOffsets(status.get());
        if (topicEnds.isEmpty() || processed.isEmpty()) {
            return "lag unknown; " + statusAge(component);
        }
        long lag = 0;
        for (Map.Entry<Integer, Long> end : topicEnds.entrySet()) {
            lag += Math.max(0, end.getValue() - processed.getOrDefault(end.getKey(), 0L));
        }
        return "lag " + lag + " events; " + statusAge(component);
    }

    private String statusAge(Component component) {
        try {
            Instant written = Files.getLastModifiedTime(config.statusFile(component.id()))
                    .toInstant();
            return "status " + Duration.between(written, Instant.now()).toSeconds() + " s old";
        } catch (IOException e) {
            return "no status yet";
        }
    }

    /**
     * The offsets a job has processed, from its status file: an {@code end_offsets} object
     * either of partition to offset, or of topic to such an object (Spark's own shape).
     */
    static Map<Integer, Long> processedOffsets(JsonNode status) {
        Map<Integer, Long> offsets = new HashMap<>();
        JsonNode ends = status.path("end_offsets");
        if (ends.has(Topics.TRANSACTIONS)) {
            ends = ends.get(Topics.TRANSACTIONS);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = ends.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().canConvertToLong()) {
                offsets.put(Integer.parseInt(field.getKey()), field.getValue().asLong());
            }
        }
        return offsets;
    }

    private Optional<String> batchBoundary() {
        return readStatus(Component.SCHEDULER)
                .map(status -> status.path("boundary"))
                .filter(node -> node.isTextual() && !node.asText().isBlank())
                .map(JsonNode::asText);
    }

    private Optional<JsonNode> readStatus(Component component) {
        Path file = config.statusFile(component.id());
        try {
            return Optional.of(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    Map<Integer, Long> topicEndOffsets() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        Map<Integer, Long> ends = new HashMap<>();
        if (!io.lambdashop.launcher.Health.portOpen(StackConfig.HOST, config.kafkaPort())) {
            return ends;
        }
        try (Admin admin = Admin.create(properties)) {
            TopicDescription topic = admin.describeTopics(java.util.List.of(Topics.TRANSACTIONS))
                    .allTopicNames().get(5, TimeUnit.SECONDS).get(Topics.TRANSACTIONS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            topic.partitions().forEach(p -> request.put(
                    new TopicPartition(Topics.TRANSACTIONS, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
                    admin.listOffsets(request).all().get(5, TimeUnit.SECONDS);
            result.forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
        } catch (Exception e) {
            ends.clear();
        }
        return ends;
    }
}
