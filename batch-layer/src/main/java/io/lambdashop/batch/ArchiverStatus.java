package io.lambdashop.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@code <data>/status/archiver.json} says: how far the master dataset goes in event
 * time and in Kafka offsets. The batch job and the scheduler read its largest event time to
 * know which hours are complete.
 */
public record ArchiverStatus(Instant updatedAt, Optional<Instant> maxEventTime,
        Optional<String> watermark, long rowsWrittenTotal, long rowsRejectedTotal,
        long lastBatchId, SortedMap<Integer, Long> endOffsets) {

    /** The status before the archiver ever ran. */
    public static ArchiverStatus empty() {
        return new ArchiverStatus(Instant.EPOCH, Optional.empty(), Optional.empty(), 0, 0, -1,
                new TreeMap<>());
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve("status").resolve("archiver.json");
    }

    /** Reads the status file; empty when there is none yet or it cannot be read. */
    public static ArchiverStatus read(Path file) {
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        try {
            JsonNode node = Json.read(Files.readString(file));
            SortedMap<Integer, Long> offsets = new TreeMap<>();
            JsonNode offsetsNode = node.path("end_offsets");
            offsetsNode.fieldNames().forEachRemaining(partition -> offsets.put(
                    Integer.parseInt(partition), offsetsNode.get(partition).asLong()));
            JsonNode watermark = node.get("watermark");
            return new ArchiverStatus(
                    Json.instant(node, "updated_at").orElse(Instant.EPOCH),
                    Json.instant(node, "max_event_time"),
                    watermark == null || watermark.isNull() ? Optional.empty()
                            : Optional.of(watermark.asText()),
                    node.path("rows_written_total").asLong(0),
                    node.path("rows_rejected_total").asLong(0),
                    node.path("last_batch_id").asLong(-1),
                    offsets);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the archiver status " + file
                    + ": " + e.getMessage() + "; fix or delete it (its counters restart)");
        }
    }

    public void write(Path file) {
        ObjectNode node = Json.object();
        node.put("updated_at", updatedAt.toString());
        node.put("max_event_time", maxEventTime.map(Instant::toString).orElse(null));
        node.put("watermark", watermark.orElse(null));
        node.put("rows_written_total", rowsWrittenTotal);
        node.put("rows_rejected_total", rowsRejectedTotal);
        node.put("last_batch_id", lastBatchId);
        ObjectNode offsets = node.putObject("end_offsets");
        for (Map.Entry<Integer, Long> entry : endOffsets.entrySet()) {
            offsets.put(entry.getKey().toString(), entry.getValue());
        }
        Json.writeAtomically(file, node);
    }
}
