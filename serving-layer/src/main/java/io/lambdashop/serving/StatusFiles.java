package io.lambdashop.serving;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

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

    /** The streaming jobs of the stack, each rewriting its status file every few seconds. */
    private static final List<String> JOBS = List.of("speed-layer", "archiver", "scheduler");

    /** A status file older than this means its job has stopped or hangs. */
    static final Duration STALE_AFTER = Duration.ofSeconds(30);

    /**
     * One line per job whose status file exists but has not been rewritten for
     * {@link #STALE_AFTER}: the job is dead or stuck, and the figures it feeds go stale. A
     * job without a status file is not reported (a serving layer may run without it).
     */
    static List<String> staleJobs(Path dataDir, Instant now) {
        List<String> stale = new ArrayList<>();
        for (String job : JOBS) {
            Path file = dataDir.resolve("status").resolve(job + ".json");
            try {
                Instant written = Files.getLastModifiedTime(file).toInstant();
                Duration age = Duration.between(written, now);
                if (age.compareTo(STALE_AFTER) > 0) {
                    stale.add(job + " has not reported for " + age.toSeconds()
                            + " s; it may have stopped: see ./lambda status and its log");
                }
            } catch (IOException e) {
                // No status file: the job is not part of this deployment.
            }
        }
        return stale;
    }
}
