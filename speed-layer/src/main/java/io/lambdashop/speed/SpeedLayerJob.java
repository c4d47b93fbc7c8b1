package io.lambdashop.speed;

import io.lambdashop.model.Topics;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The running speed layer: two streaming queries over {@code transactions} in one Spark
 * session, and the status file.
 *
 * <ul>
 *   <li>{@value #VIEWS_QUERY}: valid events, deduplicated within the watermark, aggregated
 *   into 1-minute windows per dimension, each updated window sent to {@code speed-views};</li>
 *   <li>{@value #SIDE_QUERY}: every micro-batch's dead letters to {@code transactions.dlq}
 *   and the largest amounts of each minute it touched to {@code speed-top}.</li>
 * </ul>
 */
public final class SpeedLayerJob implements AutoCloseable {

    static final String VIEWS_QUERY = "speed-views";
    static final String SIDE_QUERY = "dead-letters-and-top";

    /** How long a stop waits for a running micro-batch to finish before interrupting it. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private static final Logger LOG = LoggerFactory.getLogger(SpeedLayerJob.class);

    /** What the job reads, where it keeps its state, and how it cuts time. */
    public record Settings(Path dataDir, String bootstrap, String watermark, String trigger,
            long maxOffsetsPerTrigger) {

        Path checkpoint(String query) {
            return dataDir.resolve("checkpoints/speed-layer").resolve(query);
        }

        Path statusFile() {
            return dataDir.resolve("status/speed-layer.json");
        }
    }

    private final SparkSession spark;
    private final StatusReporter status;
    private final List<StreamingQuery> queries;

    private SpeedLayerJob(SparkSession spark, StatusReporter status,
            List<StreamingQuery> queries) {
        this.spark = spark;
        this.status = status;
        this.queries = queries;
    }

    /** Starts both queries; they run until {@link #close()} or a failure. */
    public static SpeedLayerJob start(SparkSession spark, Settings settings)
            throws TimeoutException {
        StatusReporter status = new StatusReporter(settings.statusFile(), VIEWS_QUERY,
                SIDE_QUERY, Files.exists(settings.checkpoint(VIEWS_QUERY).resolve("metadata")),
                Files.exists(settings.checkpoint(SIDE_QUERY).resolve("metadata")));
        spark.streams().addListener(status);

        Dataset<Row> viewRecords = SpeedViews.toViewRecords(SpeedViews.views(
                SpeedViews.validEvents(SpeedViews.parse(source(spark, settings))),
                settings.watermark()));
        StreamingQuery views = viewRecords.writeStream()
                .queryName(VIEWS_QUERY)
                .format("kafka")
                .option("kafka.bootstrap.servers", settings.bootstrap())
                .option("topic", Topics.SPEED_VIEWS)
                .option("checkpointLocation", settings.checkpoint(VIEWS_QUERY).toString())
                .outputMode(OutputMode.Update())
                .trigger(Trigger.ProcessingTime(settings.trigger()))
                .start();

        StreamingQuery side = source(spark, settings).writeStream()
                .queryName(SIDE_QUERY)
                .foreachBatch(new SideOutputs(settings.bootstrap(), Topics.DEAD_LETTERS,
                        status.deadLettersSent, status.deadLettersCountedBatchId))
                .option("checkpointLocation", settings.checkpoint(SIDE_QUERY).toString())
                .trigger(Trigger.ProcessingTime(settings.trigger()))
                .start();

        status.startHeartbeat();
        return new SpeedLayerJob(spark, status, List.of(views, side));
    }

    /** The query that writes {@code speed-views}. */
    public StreamingQuery viewsQuery() {
        return queries.get(0);
    }

    /** The query that writes {@code transactions.dlq} and {@code speed-top}. */
    public StreamingQuery sideQuery() {
        return queries.get(1);
    }

    /**
     * Blocks until a query ends.
     *
     * @throws StreamingQueryException if it ended by failing
     */
    public void awaitAnyTermination() throws StreamingQueryException {
        spark.streams().awaitAnyTermination();
    }

    /**
     * Stops both queries, each after its running micro-batch if it finishes within
     * {@link #STOP_GRACE}: a batch stopped half-way is replayed from the checkpoint at the
     * next start, which re-sends its records.
     */
    @Override
    public void close() {
        for (StreamingQuery query : queries) {
            long deadlineNanos = System.nanoTime() + STOP_GRACE.toNanos();
            while (query.isActive() && query.status().isTriggerActive()
                    && System.nanoTime() < deadlineNanos) {
                sleepQuietly(100);
            }
            try {
                query.stop();
            } catch (TimeoutException e) {
                LOG.warn("Query {} did not stop in time: {}", query.name(), e.getMessage());
            }
        }
        spark.streams().removeListener(status);
        status.close();
    }

    private static Dataset<Row> source(SparkSession spark, Settings settings) {
        return spark.readStream()
                .format("kafka")
                .option("kafka.bootstrap.servers", settings.bootstrap())
                .option("subscribe", SpeedLayer.SOURCE_TOPIC)
                .option("startingOffsets", "earliest")
                // Records deleted by retention before we read them are lost to the speed
                // layer only: the batch layer still answers for their hours.
                .option("failOnDataLoss", "false")
                .option("maxOffsetsPerTrigger", settings.maxOffsetsPerTrigger())
                .load();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
