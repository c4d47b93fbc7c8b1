package io.lambdashop.serving;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reads the progress files the streaming jobs write under {@code <data>/status}. */
final class StatusFiles {

    private StatusFiles() {
    }

    /**
     * Late events the speed layer dropped: {@code num_rows_dropped_by_watermark} of
     * {@code <data>/status/speed-layer.json}, wherever it sits in the file (the first found,
     * depth first); null when the file or the field is missing or unreadable.
     */
    static Long lateEventsDropped(Path dataDir) {
        Path file = dataDir.resolve("status").resolve("speed-layer.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode value = Json.MAPPER.readTree(file.toFile())
                    .findValue("num_rows_dropped_by_watermark");
            return value == null || !value.isNumber() ? null : value.longValue();
        } catch (IOException e) {
            // Caught mid-rewrite, or not JSON: the next health check reads it again.
            return null;
        }
    }

    /** The speed layer's own progress: its consumer lag and when it last wrote its status. */
    record SpeedLayerStatus(Long lag, Instant updatedAt) {
    }

    /**
     * {@code lag} and {@code updated_at} of {@code <data>/status/speed-layer.json}; null when
     * the file is missing or unreadable, a field null when it is missing.
     */
    static SpeedLayerStatus speedLayer(Path dataDir) {
        Path file = dataDir.resolve("status").resolve("speed-layer.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode status = Json.MAPPER.readTree(file.toFile());
            JsonNode lag = status.get("lag");
            Instant updatedAt = null;
            if (status.hasNonNull("updated_at")) {
                updatedAt = Instant.parse(status.get("updated_at").asText());
            }
            return new SpeedLayerStatus(lag == null || !lag.isNumber() ? null : lag.longValue(),
                    updatedAt);
        } catch (IOException | DateTimeParseException e) {
            // Caught mid-rewrite, or not JSON: the next health check reads it again.
            return null;
        }
    }
}
