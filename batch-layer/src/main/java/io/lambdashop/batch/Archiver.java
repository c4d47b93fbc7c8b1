package io.lambdashop.batch;

import com.fasterxml.jackson.databind.JsonNode;

import io.lambdashop.model.SparkEvents;
import io.lambdashop.model.Topics;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

/**
 * Writes every valid event of the {@code transactions} topic to the master dataset: Parquet,
 * partitioned by event hour ({@code dt}, {@code hr}, UTC), append-only, duplicates included
 * (the batch job removes them). Records that are not valid events are skipped here; the speed
 * layer reports them to the dead-letter topic.
 *
 * <p>After every micro-batch it rewrites {@code <data>/status/archiver.json}: the largest
 * event time written so far (the batch layer decides from it which hours are complete), the
 * rows written, and the Kafka end offsets, since Spark commits none to Kafka.
 */
public final class Archiver {

    private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);

    private static final String METRICS = "archived";

    private Archiver() {
    }

    /**
     * Starts the streaming query. The caller stops it.
     *
     * @param triggerInterval how often a micro-batch runs, e.g. {@code 5 seconds}
     */
    public static StreamingQuery start(SparkSession spark, BatchOptions options,
            String triggerInterval) throws TimeoutException {
        Path dataDir = options.dataDir();
        spark.streams().addListener(new StatusWriter(ArchiverStatus.file(dataDir),
                options.latenessText()));

        Dataset<Row> values = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", options.bootstrap())
                .option("subscribe", Topics.TRANSACTIONS)
                .option("startingOffsets", "earliest")
                .option("failOnDataLoss", "false")
                .load()
                .selectExpr("CAST(value AS STRING) AS value");

        Dataset<Row> parsed = values.mapPartitions(SparkEvents.parser(),
                Encoders.row(SparkEvents.parsedSchema()));

        // Counted before the filter, and reported with each progress: what was written and
        // how far event time went, exactly, not sampled.
        Dataset<Row> observed = parsed.observe(METRICS,
                count(when(col(SparkEvents.REJECTION).isNull(), lit(1))).as("written"),
                count(when(col(SparkEvents.REJECTION).isNotNull(), lit(1))).as("rejected"),
                max(when(col(SparkEvents.REJECTION).isNull(), col("event_time")))
                        .as("max_event_time"));

        // The watermark is here only so that each progress reports event-time statistics.
        // It drops nothing: a watermark only discards late rows in stateful operators
        // (aggregations, joins, dedup), and this append query has none, so an event however
        // late still reaches the master dataset (BatchLayerIT publishes one and finds it).
        Dataset<Row> events = observed
                .where(col(SparkEvents.REJECTION).isNull())
                .select(SparkEvents.eventColumns())
                .withWatermark("event_time", options.latenessText())
                .withColumn("dt", date_format(col("event_time"), "yyyy-MM-dd"))
                .withColumn("hr", hour(col("event_time")));

        StreamingQuery query = events.writeStream()
                .queryName("archiver")
                .format("parquet")
                .option("path", options.masterUri())
                .option("checkpointLocation",
                        dataDir.resolve("checkpoints").resolve("archiver").toString())
                .partitionBy("dt", "hr")
                .trigger(Trigger.ProcessingTime(triggerInterval))
                .start();
        LOG.info("Archiving topic {} from {} to {} (checkpoint {})", Topics.TRANSACTIONS,
                options.bootstrap(), options.masterUri(),
                dataDir.resolve("checkpoints").resolve("archiver"));
        return query;
    }

    /** Rewrites the status file on every progress, keeping totals across restarts. */
    static final class StatusWriter extends StreamingQueryListener {

        private final Path file;
        private ArchiverStatus status;

        StatusWriter(Path file, String lateness) {
            this.file = file;
            this.status = ArchiverStatus.read(file);
            LOG.info("Archiver status {}: max event time so far {}, {} rows written so far "
                    + "(lateness {})", file, status.maxEventTime().map(Instant::toString)
                    .orElse("none"), status.rowsWrittenTotal(), lateness);
        }

        @Override
        public void onQueryStarted(QueryStartedEvent event) {
            touch();
        }

        @Override
        public void onQueryProgress(QueryProgressEvent event) {
            StreamingQueryProgress progress = event.progress();
            long written = 0;
            long rejected = 0;
            Optional<Instant> maxEventTime = status.maxEventTime();
            Row metrics = progress.observedMetrics().get(METRICS);
            if (metrics != null) {
                written = metrics.getLong(0);
                rejected = metrics.getLong(1);
                Timestamp batchMax = metrics.getTimestamp(2);
                if (batchMax != null && (maxEventTime.isEmpty()
                        || batchMax.toInstant().isAfter(maxEventTime.get()))) {
                    maxEventTime = Optional.of(batchMax.toInstant());
                }
            }
            SortedMap<Integer, Long> offsets = endOffsets(progress, status.endOffsets());
            String watermark = progress.eventTime().get("watermark");

            synchronized (this) {
                status = new ArchiverStatus(Instant.now(), maxEventTime,
                        Optional.ofNullable(watermark).or(status::watermark),
                        status.rowsWrittenTotal() + written,
                        status.rowsRejectedTotal() + rejected, progress.batchId(), offsets);
                status.write(file);
            }
            if (written > 0 || rejected > 0) {
                LOG.info("Archived {} events in batch {} ({} not valid, left to the speed "
                        + "layer's dead letters); max event time {}, end offsets {}", written,
                        progress.batchId(), rejected, maxEventTime.map(Instant::toString)
                        .orElse("none"), offsets);
            }
        }

        @Override
        public void onQueryIdle(QueryIdleEvent event) {
            touch();
        }

        @Override
        public void onQueryTerminated(QueryTerminatedEvent event) {
            if (event.exception().isDefined()) {
                LOG.error("Archiver query stopped with an error: {}", event.exception().get());
            } else {
                LOG.info("Archiver query stopped");
            }
        }

        /** Keeps the status fresh while no data comes, so health checks see a live job. */
        private synchronized void touch() {
            status = new ArchiverStatus(Instant.now(), status.maxEventTime(), status.watermark(),
                    status.rowsWrittenTotal(), status.rowsRejectedTotal(), status.lastBatchId(),
                    status.endOffsets());
            status.write(file);
        }

        private static SortedMap<Integer, Long> endOffsets(StreamingQueryProgress progress,
                SortedMap<Integer, Long> previous) {
            SortedMap<Integer, Long> offsets = new TreeMap<>(previous);
            for (SourceProgress source : progress.sources()) {
                String endOffset = source.endOffset();
                if (endOffset == null) {
                    continue;
                }
                try {
                    JsonNode topic = Json.read(endOffset).path(Topics.TRANSACTIONS);
                    Iterator<Map.Entry<String, JsonNode>> partitions = topic.fields();
                    while (partitions.hasNext()) {
                        Map.Entry<String, JsonNode> partition = partitions.next();
                        offsets.put(Integer.parseInt(partition.getKey()),
                                partition.getValue().asLong());
                    }
                } catch (IOException | NumberFormatException e) {
                    LOG.warn("Cannot read the end offsets {} of a progress: {}", endOffset,
                            e.getMessage());
                }
            }
            return offsets;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Cli()).execute(args));
    }

    @Command(name = "archiver", mixinStandardHelpOptions = true,
            description = "Writes the transactions topic to the master dataset.")
    static final class Cli implements Callable<Integer> {

        @Mixin
        BatchOptions options;

        @Option(names = "--trigger", defaultValue = "5 seconds",
                description = "Micro-batch interval (default: ${DEFAULT-VALUE}).")
        String trigger;

        @Override
        public Integer call() throws Exception {
            options.lateness();
            SparkSession spark = SparkSessions.create("archiver", options, false);
            StreamingQuery query = start(spark, options, trigger);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    query.stop();
                } catch (TimeoutException e) {
                    LOG.warn("The archiver query did not stop in time; the next start "
                            + "replays its last micro-batch from the checkpoint");
                }
                spark.stop();
            }, "archiver-shutdown"));
            try {
                query.awaitTermination();
                return 0;
            } catch (StreamingQueryException e) {
                LOG.error("Archiver failed: {}", e.getMessage());
                return 1;
            }
        }
    }
}
