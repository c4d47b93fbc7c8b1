package io.lambdashop.speed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps {@code <data>/status/speed-layer.json} current: the health file of ARCHITECTURE.md
 * and the place where an operator sees the watermark, the throughput, the lag behind
 * {@code transactions} and the events the speed layer did not count.
 *
 * <p>The file is rewritten on every progress of the views query and, because a long
 * micro-batch or an idle query reports rarely, also every {@link #HEARTBEAT} while that query
 * runs. Running totals (rows dropped by the watermark, dead letters) are read back from the
 * file at start, so that they cover everything since the checkpoint began, not since the last
 * restart; a fresh checkpoint starts them at zero.
 */
final class StatusReporter extends StreamingQueryListener implements AutoCloseable {

    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    static final Duration THROUGHPUT_LOG_INTERVAL = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path statusFile;
    private final String viewsQueryName;
    private final String sideQueryName;

    private final Map<UUID, String> queryNames = new ConcurrentHashMap<>();

    /** Exposed to {@link SideOutputs}, which counts what it sends. */
    final AtomicLong deadLettersSent = new AtomicLong();
    final AtomicLong deadLettersCountedBatchId = new AtomicLong(-1);

    // Guarded by this: the latest state of the views query, written as the status.
    private long rowsDroppedByWatermark;
    private long droppedCountedBatchId = -1;
    private long viewsBatchId = -1;
    private String watermark;
    private double inputRowsPerSecond;
    private double processedRowsPerSecond;
    private Map<String, Long> endOffsets = Map.of();
    private Map<String, Long> latestOffsets = Map.of();
    private boolean viewsRunning;
    private long viewsRowsSinceLog;
    private long sideRowsSinceLog;
    private long lastThroughputLogNanos = System.nanoTime();

    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            runnable -> {
                Thread thread = new Thread(runnable, "speed-layer-status");
                thread.setDaemon(true);
                return thread;
            });

    /**
     * @param viewsCheckpointExists whether the views query resumes a checkpoint (else its
     *                              running total starts at zero)
     * @param sideCheckpointExists  the same for the dead-letter query
     */
    StatusReporter(Path statusFile, String viewsQueryName, String sideQueryName,
            boolean viewsCheckpointExists, boolean sideCheckpointExists) {
        this.statusFile = statusFile;
        this.viewsQueryName = viewsQueryName;
        this.sideQueryName = sideQueryName;
        continueTotals(viewsCheckpointExists, sideCheckpointExists);
    }

    /** Starts rewriting the file every {@link #HEARTBEAT}, even when no progress arrives. */
    void startHeartbeat() {
        heartbeat.scheduleWithFixedDelay(this::beat, 0, HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        LOG.info("Query {} started (id {}, run {})", event.name(), event.id(), event.runId());
        queryNames.put(event.id(), event.name());
        if (viewsQueryName.equals(event.name())) {
            synchronized (this) {
                viewsRunning = true;
            }
        }
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        StreamingQueryProgress progress = event.progress();
        if (sideQueryName.equals(progress.name())) {
            synchronized (this) {
                sideRowsSinceLog += progress.numInputRows();
            }
            return;
        }
        if (!viewsQueryName.equals(progress.name())) {
            return;
        }
        synchronized (this) {
            absorb(progress);
            write();
        }
    }

    @Override
    public void onQueryIdle(QueryIdleEvent event) {
        // Nothing new: the heartbeat keeps the file fresh.
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        String name = queryNames.getOrDefault(event.id(), event.id().toString());
        if (event.exception().isDefined()) {
            LOG.error("Query {} failed and stopped: {}", name, event.exception().get());
        } else {
            LOG.info("Query {} stopped (run {})", name, event.runId());
        }
        synchronized (this) {
            // Only the views query has a progress whose id we keep; stop claiming health
            // as soon as any query of the speed layer is gone.
            viewsRunning = false;
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
    }

    private void absorb(StreamingQueryProgress progress) {
        viewsBatchId = progress.batchId();
        watermark = progress.eventTime().get("watermark");
        inputRowsPerSecond = finite(progress.inputRowsPerSecond());
        processedRowsPerSecond = finite(progress.processedRowsPerSecond());
        viewsRowsSinceLog += progress.numInputRows();

        // Per-batch figures: an idle progress repeats none of them, and a batch replayed
        // after a restart is not counted twice.
        if (progress.numInputRows() > 0 && progress.batchId() > droppedCountedBatchId) {
            for (StateOperatorProgress operator : progress.stateOperators()) {
                rowsDroppedByWatermark += operator.numRowsDroppedByWatermark();
            }
            droppedCountedBatchId = progress.batchId();
        }

        for (SourceProgress source : progress.sources()) {
            endOffsets = partitionOffsets(source.endOffset());
            latestOffsets = partitionOffsets(source.latestOffset());
        }
    }

    private void beat() {
        try {
            synchronized (this) {
                if (viewsRunning) {
                    write();
                }
                logThroughputIfDue();
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not refresh {}: {}", statusFile, e.toString());
        }
    }

    private void logThroughputIfDue() {
        long elapsedNanos = System.nanoTime() - lastThroughputLogNanos;
        if (elapsedNanos < THROUGHPUT_LOG_INTERVAL.toNanos()) {
            return;
        }
        if (viewsRowsSinceLog > 0 || sideRowsSinceLog > 0) {
            double seconds = elapsedNanos / 1e9;
            LOG.info("Last {} s: views read {} events ({} /s), side outputs read {} ({} /s); "
                    + "watermark {}, lag {} records, {} dropped as late, {} dead letters in "
                    + "total", Math.round(seconds), viewsRowsSinceLog,
                    Math.round(viewsRowsSinceLog / seconds), sideRowsSinceLog,
                    Math.round(sideRowsSinceLog / seconds), watermark, lag(),
                    rowsDroppedByWatermark, deadLettersSent.get());
        }
        viewsRowsSinceLog = 0;
        sideRowsSinceLog = 0;
        lastThroughputLogNanos = System.nanoTime();
    }

    private long lag() {
        long lag = 0;
        for (Map.Entry<String, Long> latest : latestOffsets.entrySet()) {
            long end = endOffsets.getOrDefault(latest.getKey(), 0L);
            lag += Math.max(0, latest.getValue() - end);
        }
        return lag;
    }

    private void write() {
        ObjectNode status = MAPPER.createObjectNode();
        status.put("component", "speed-layer");
        status.put("updated_at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        status.put("state", viewsRunning ? "running" : "stopped");
        status.put("batch_id", viewsBatchId);
        status.put("watermark", watermark);
        status.put("input_rows_per_second", inputRowsPerSecond);
        status.put("processed_rows_per_second", processedRowsPerSecond);
        status.put("num_rows_dropped_by_watermark", rowsDroppedByWatermark);
        status.put("dropped_counted_batch_id", droppedCountedBatchId);
        status.put("dead_letters_sent", deadLettersSent.get());
        status.put("dead_letters_counted_batch_id", deadLettersCountedBatchId.get());
        ObjectNode end = status.putObject("end_offsets").putObject(SpeedLayer.SOURCE_TOPIC);
        endOffsets.forEach(end::put);
        ObjectNode latest = status.putObject("latest_offsets")
                .putObject(SpeedLayer.SOURCE_TOPIC);
        latestOffsets.forEach(latest::put);
        status.put("lag", lag());

        try {
            Files.createDirectories(statusFile.getParent());
            Path temp = statusFile.resolveSibling(statusFile.getFileName() + ".tmp");
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), status);
            Files.move(temp, statusFile, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Could not write {}: {}", statusFile, e.toString());
        }
    }

    private void continueTotals(boolean viewsCheckpointExists, boolean sideCheckpointExists) {
        if (!Files.isRegularFile(statusFile)) {
            return;
        }
        try {
            JsonNode previous = MAPPER.readTree(statusFile.toFile());
            if (viewsCheckpointExists) {
                rowsDroppedByWatermark = previous.path("num_rows_dropped_by_watermark").asLong();
                droppedCountedBatchId = previous.path("dropped_counted_batch_id").asLong(-1);
            }
            if (sideCheckpointExists) {
                deadLettersSent.set(previous.path("dead_letters_sent").asLong());
                deadLettersCountedBatchId.set(
                        previous.path("dead_letters_counted_batch_id").asLong(-1));
            }
            LOG.info("Continuing from {}: {} rows dropped by watermark, {} dead letters",
                    statusFile, rowsDroppedByWatermark, deadLettersSent.get());
        } catch (IOException e) {
            LOG.warn("Cannot read the previous {} ({}); running totals start at zero",
                    statusFile, e.toString());
        }
    }

    /** {@code {"transactions":{"0":12,"1":9}}} to partition -> offset, sorted. */
    private static Map<String, Long> partitionOffsets(String offsetJson) {
        Map<String, Long> offsets = new TreeMap<>();
        if (offsetJson == null || offsetJson.isBlank()) {
            return offsets;
        }
        try {
            JsonNode topic = MAPPER.readTree(offsetJson).path(SpeedLayer.SOURCE_TOPIC);
            Iterator<Map.Entry<String, JsonNode>> partitions = topic.fields();
            while (partitions.hasNext()) {
                Map.Entry<String, JsonNode> partition = partitions.next();
                offsets.put(partition.getKey(), partition.getValue().asLong());
            }
        } catch (IOException e) {
            LOG.warn("Unexpected offsets in query progress: {}", offsetJson);
        }
        return offsets;
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0;
    }
}
