package io.lambdashop.batch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The embedded stack's batch orchestration: a long-running JVM that keeps one warm Spark
 * session and, every interval, batches the hours that are complete in event time and were
 * never batched or changed since (late events). Runs go through {@link BatchJob}, the same
 * code as {@code ./lambda batch}, so hour locks keep the two from batching an hour at once.
 * Each round first carries out the re-runs an operator asked for through the serving
 * layer's admin API ({@link RerunRequests}).
 */
public final class BatchScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(BatchScheduler.class);

    /** How often a busy scheduler shows it is alive (the stack wants under 30 s). */
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);

    /** At most this many pending hours are listed in the status file. */
    private static final int LISTED_HOURS = 48;

    private final SparkSession spark;
    private final BatchOptions options;
    private final BatchJob job;
    private final Path statusFile;
    private final RerunRequests reruns;
    private BatchJob.Result lastRun;
    private Instant lastRunAt;

    public BatchScheduler(SparkSession spark, BatchOptions options) {
        this.spark = spark;
        this.options = options;
        this.job = new BatchJob(spark, options);
        this.statusFile = options.dataDir().resolve("status").resolve("scheduler.json");
        this.reruns = new RerunRequests(options.dataDir());
    }

    /**
     * One round: finds the due hours and batches each contiguous run of them.
     *
     * @return the runs made, in order
     */
    public List<BatchJob.Result> runOnce() {
        // An operator's re-run first: they are waiting for it, the due hours are not.
        reruns.runQueued(range -> {
            BatchJob.Result result = job.run(range, false);
            lastRun = result;
            lastRunAt = Instant.now();
            return result;
        });

        MasterListing master = MasterListing.read(spark, options.masterUri());
        Map<Instant, Set<String>> batched = new TreeMap<>();
        RunRecord.readAll(options.viewsUri(), spark.sparkContext().hadoopConfiguration())
                .forEach((hour, record) -> batched.put(hour, record.masterFiles().keySet()));
        ArchiverStatus archiver = ArchiverStatus.read(ArchiverStatus.file(options.dataDir()));
        NavigableSet<Instant> unbatched = PendingHours.unbatched(master.fileNamesByHour(),
                batched);
        NavigableSet<Instant> due = PendingHours.due(unbatched, archiver.maxEventTime(),
                options.lateness());

        List<HourRange> ranges = PendingHours.contiguous(due);
        List<BatchJob.Result> results = new java.util.ArrayList<>();
        for (HourRange range : ranges) {
            Optional<BatchJob.Result> made = job.runIfStillPending(range);
            if (made.isEmpty()) {
                continue;
            }
            BatchJob.Result result = made.get();
            lastRun = result;
            lastRunAt = Instant.now();
            results.add(result);
            LOG.info("{}", result.summary());
        }

        NavigableSet<Instant> stillPending = new java.util.TreeSet<>(unbatched);
        stillPending.removeAll(due);
        writeStatus(stillPending, archiver.maxEventTime());
        return results;
    }

    /**
     * Touches the status file every few seconds while a round runs: a round can wait
     * minutes on an hour lock held by ./lambda batch, and the stack's health checks read
     * the file's age, so a busy scheduler must not look dead.
     */
    Thread heartbeat() {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(HEARTBEAT.toMillis());
                    if (java.nio.file.Files.exists(statusFile)) {
                        java.nio.file.Files.setLastModifiedTime(statusFile,
                                java.nio.file.attribute.FileTime.from(Instant.now()));
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (java.io.IOException e) {
                    LOG.warn("Cannot touch {}: {}", statusFile, e.toString());
                }
            }
        }, "scheduler-heartbeat");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void writeStatus(NavigableSet<Instant> pending, Optional<Instant> maxEventTime) {
        ObjectNode node = Json.object();
        node.put("updated_at", Instant.now().toString());
        node.put("boundary", new HiveTables(spark).boundary().map(Instant::toString)
                .orElse(null));
        node.put("archiver_max_event_time", maxEventTime.map(Instant::toString).orElse(null));
        if (lastRun != null) {
            ObjectNode run = node.putObject("last_run");
            run.put("finished_at", lastRunAt.toString());
            run.put("from", lastRun.range().from().toString());
            run.put("to", lastRun.range().to().toString());
            run.put("hours", lastRun.range().size());
            run.put("transactions", lastRun.transactions());
            run.put("seconds", lastRun.elapsed().toMillis() / 1000.0);
            run.put("version", lastRun.version());
        } else {
            node.putNull("last_run");
        }
        node.put("pending_hours_count", pending.size());
        ArrayNode hours = node.putArray("pending_hours");
        pending.stream().limit(LISTED_HOURS).forEach(hour -> hours.add(hour.toString()));
        Json.writeAtomically(statusFile, node);
    }

    public static void main(String[] args) {
        int exitCode = new CommandLine(new Cli()).execute(args);
        // A clean stop comes from SIGTERM, when the JVM is already shutting down: calling
        // System.exit then would block until the stack kills us. Only failures exit here.
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    @Command(name = "batch-scheduler", mixinStandardHelpOptions = true,
            description = "Batches complete hours of the master dataset as they arrive.")
    static final class Cli implements Callable<Integer> {

        @Mixin
        BatchOptions options;

        @Option(names = "--interval", defaultValue = "15",
                description = "Seconds between rounds (default: ${DEFAULT-VALUE}).")
        long intervalSeconds;

        @Override
        public Integer call() throws InterruptedException {
            options.lateness();
            CountDownLatch stopped = new CountDownLatch(1);
            SparkSession spark = BatchJob.session(options);
            BatchScheduler scheduler = new BatchScheduler(spark, options);
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopped.countDown();
                try {
                    main.join(Duration.ofSeconds(60).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "scheduler-shutdown"));
            LOG.info("Batch scheduler started: every {} s, master {}, views {}, lateness {}",
                    intervalSeconds, options.masterUri(), options.viewsUri(),
                    options.latenessText());
            Thread heartbeat = scheduler.heartbeat();

            do {
                try {
                    scheduler.runOnce();
                } catch (RuntimeException e) {
                    LOG.warn("Batch round failed, retrying in {} s: {}", intervalSeconds,
                            e.toString(), e);
                }
            } while (!stopped.await(intervalSeconds, TimeUnit.SECONDS));

            LOG.info("Batch scheduler stopping");
            heartbeat.interrupt();
            spark.stop();
            return 0;
        }
    }
}
