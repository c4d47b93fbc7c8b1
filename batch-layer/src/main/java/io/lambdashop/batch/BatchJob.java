package io.lambdashop.batch;

import io.lambdashop.model.Money;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;

/**
 * The batch job of ARCHITECTURE.md: recomputes the batch views of a range of hours from the
 * master dataset, in one Spark job for the whole range.
 *
 * <p>Steps, in this order because each makes the next one safe:
 * <ol>
 *   <li>lock every hour of the range (no hour runs twice at once, across JVMs);</li>
 *   <li>read the master dataset through its root, so the sink's log decides which files
 *       count, pruned to the range; keep each transaction id once per hour;</li>
 *   <li>write the hours with data of {@code ecommerce.transactions} and
 *       {@code ecommerce.sales_minute} to new folders of this run;</li>
 *   <li>point their partitions at them in the metastore, one statement per partition,
 *       drop the partitions of hours in range that no longer have data, and leave the
 *       replaced folders to a later run to delete ({@link RetiredFolders});</li>
 *   <li>write a run record per hour;</li>
 *   <li>last, move the batch boundary (never backwards) and change the batch version.</li>
 * </ol>
 * A run that fails part-way leaves the boundary where it was, and rerunning it is safe.
 */
public final class BatchJob {

    private static final Logger LOG = LoggerFactory.getLogger(BatchJob.class);

    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter
            .ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** What a run did, for the summary line, the scheduler and tests. */
    public record Result(HourRange range, int hoursWithData, long rowsRead, long transactions,
            BigDecimal revenue, Optional<Instant> boundary, String version, Duration elapsed) {

        public String summary() {
            return String.format("Batched %d %s %s (%d with data): %d transactions "
                    + "(%d duplicates removed), revenue %s, boundary %s, in %.1f s",
                    range.size(), range.size() == 1 ? "hour" : "hours", range, hoursWithData,
                    transactions, rowsRead - transactions,
                    Money.format(revenue), boundary.map(Instant::toString).orElse("not set"),
                    elapsed.toMillis() / 1000.0);
        }
    }

    /** Per hour with data: master rows read, transactions kept and their revenue. */
    private record HourFigures(long rowsRead, long transactions, BigDecimal revenue) {
    }

    private final SparkSession spark;
    private final BatchOptions options;
    private final HiveTables tables;
    private final Configuration hadoopConf;

    public BatchJob(SparkSession spark, BatchOptions options) {
        this.spark = spark;
        this.options = options;
        this.tables = new HiveTables(spark);
        this.hadoopConf = spark.sparkContext().hadoopConfiguration();
    }

    /** A session for this job: Hive support against the metastore of {@code options}. */
    public static SparkSession session(BatchOptions options) {
        return SparkSessions.create("batch-job", options, true);
    }

    /** Batches {@code range}; {@code showProgress} draws a progress bar on stderr. */
    public Result run(HourRange range, boolean showProgress) {
        return run(range, showProgress, false).orElseThrow();
    }

    /**
     * Batches {@code range} unless, by the time its hour locks are held, another run has
     * batched every hour of it from the master files it holds now. The scheduler finds its
     * due hours before it waits on the locks of a {@code ./lambda batch} over the same
     * hours; batching them again would only repeat that run's work.
     *
     * @return the run made, or empty when nothing in the range was pending any more
     */
    public Optional<Result> runIfStillPending(HourRange range) {
        return run(range, false, true);
    }

    private Optional<Result> run(HourRange range, boolean showProgress, boolean onlyIfPending) {
        long startNanos = System.nanoTime();
        Instant startedAt = Instant.now();
        String runId = RUN_ID_TIME.format(startedAt) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        List<Instant> hours = range.hours();

        try (Progress progress = new Progress(showProgress, range);
                HourLocks locks = HourLocks.acquire(lockDir(), hours)) {
            progress.phase("reading master");
            MasterListing master = MasterListing.read(spark, options.masterUri());
            if (onlyIfPending && !anyPending(range, master)) {
                LOG.info("Skipped {}: another run batched it from the same master files",
                        range);
                return Optional.empty();
            }

            Dataset<Row> deduped = BatchViews.dedupe(master.rows().where(inRange(range)))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            Map<Instant, HourFigures> figures = figuresByHour(deduped);

            progress.phase("writing views");
            // Each run writes its hours to folders of its own: a query running meanwhile
            // keeps reading the previous run's files until the partition points here.
            String transactionsRun = runFolder(tables.location(HiveTables.TRANSACTIONS), runId);
            String salesRun = runFolder(tables.location(HiveTables.SALES_MINUTE), runId);
            if (!figures.isEmpty()) {
                writeHours(tables.conform(HiveTables.TRANSACTIONS,
                        BatchViews.transactions(deduped)), transactionsRun);
                writeHours(tables.conform(HiveTables.SALES_MINUTE,
                        BatchViews.salesMinute(deduped)), salesRun);
            }
            deduped.unpersist();

            // An hour whose data is gone (or never was) must not keep an old partition.
            Set<Instant> emptyHours = new TreeSet<>(hours);
            emptyHours.removeAll(figures.keySet());

            progress.phase("registering partitions");
            List<String> replaced = new ArrayList<>();
            replaced.addAll(register(HiveTables.TRANSACTIONS, transactionsRun, figures.keySet(),
                    emptyHours));
            replaced.addAll(register(HiveTables.SALES_MINUTE, salesRun, figures.keySet(),
                    emptyHours));
            RetiredFolders retired = new RetiredFolders(options.viewsUri(), hadoopConf);
            retired.retire(runId, replaced);
            retired.sweep(Instant.now());

            progress.phase("recording runs");
            Instant finishedAt = Instant.now();
            for (Instant hour : hours) {
                HourFigures hourFigures = figures.getOrDefault(hour,
                        new HourFigures(0, 0, BigDecimal.ZERO.setScale(Money.SCALE)));
                new RunRecord(hour, runId, runId, startedAt, finishedAt, master.files(hour),
                        hourFigures.rowsRead(), hourFigures.transactions(),
                        hourFigures.revenue()).write(options.viewsUri(), hadoopConf);
                progress.step();
            }

            progress.phase("moving boundary");
            Optional<Instant> boundary = moveBoundary(runId);

            long rowsRead = figures.values().stream().mapToLong(HourFigures::rowsRead).sum();
            long transactions = figures.values().stream()
                    .mapToLong(HourFigures::transactions).sum();
            BigDecimal revenue = figures.values().stream().map(HourFigures::revenue)
                    .reduce(BigDecimal.ZERO.setScale(Money.SCALE), BigDecimal::add);
            return Optional.of(new Result(range, figures.size(), rowsRead, transactions,
                    revenue, boundary, runId, Duration.ofNanos(System.nanoTime() - startNanos)));
        }
    }

    private boolean anyPending(HourRange range, MasterListing master) {
        Map<Instant, Set<String>> batched = new TreeMap<>();
        RunRecord.readAll(options.viewsUri(), hadoopConf)
                .forEach((hour, record) -> batched.put(hour, record.masterFiles().keySet()));
        return !PendingHours.within(range,
                PendingHours.unbatched(master.fileNamesByHour(), batched)).isEmpty();
    }

    private java.nio.file.Path lockDir() {
        return options.dataDir().resolve("locks");
    }

    /**
     * A filter on the partition columns only, so Spark reads nothing outside the range:
     * whole days between, and the partial first and last day cut by hour.
     */
    static Column inRange(HourRange range) {
        Instant lastHour = range.to().minus(Hours.ONE_HOUR);
        String firstDt = Hours.dt(range.from());
        String lastDt = Hours.dt(lastHour);
        return col("dt").geq(firstDt).and(col("dt").leq(lastDt))
                .and(not(col("dt").equalTo(firstDt).and(col("hr").lt(Hours.hr(range.from())))))
                .and(not(col("dt").equalTo(lastDt).and(col("hr").gt(Hours.hr(lastHour)))));
    }

    private static Map<Instant, HourFigures> figuresByHour(Dataset<Row> deduped) {
        Map<Instant, HourFigures> figures = new TreeMap<>();
        List<Row> rows = deduped.groupBy(col("dt"), col("hr"))
                .agg(sum(col(BatchViews.COPIES)), count(lit(1)), sum(col("amount")))
                .collectAsList();
        for (Row row : rows) {
            figures.put(Hours.of(row.getString(0), row.getInt(1)),
                    new HourFigures(row.getLong(2), row.getLong(3), row.getDecimal(4)));
        }
        return figures;
    }

    /** Where run {@code runId} writes its hours of a table: {@code <table>/_runs/<run>}. */
    static String runFolder(String tableLocation, String runId) {
        return tableLocation + "/_runs/" + runId;
    }

    /**
     * Writes the hours present in {@code rows} under {@code runFolder}, partitioned as the
     * table is. One task per hour writes it, so an hour is one file however many
     * micro-batches the archiver spread it over.
     */
    private void writeHours(Dataset<Row> rows, String runFolder) {
        rows.repartition(col("dt"), col("hr"))
                .write()
                .mode(SaveMode.ErrorIfExists)
                .partitionBy("dt", "hr")
                .parquet(runFolder);
    }

    /**
     * Points the partitions of the hours with data at this run's folders (adding those that
     * are new) and drops the partitions of the hours without data.
     *
     * @return the folders the table no longer uses, to delete once no query reads them
     */
    private List<String> register(String table, String runFolder, Set<Instant> withData,
            Set<Instant> empty) {
        Map<Instant, String> registered = tables.partitionLocations(table);
        List<String> replaced = new ArrayList<>();
        Set<Instant> toAdd = new TreeSet<>();
        Map<Instant, String> toMove = new TreeMap<>();
        for (Instant hour : withData) {
            String location = runFolder + "/" + Hours.partitionPath(hour);
            String old = registered.get(hour);
            if (old == null) {
                toAdd.add(hour);
            } else {
                toMove.put(hour, location);
                replaced.add(old);
            }
        }
        Set<Instant> toDrop = new TreeSet<>(empty);
        toDrop.retainAll(registered.keySet());
        toDrop.forEach(hour -> replaced.add(registered.get(hour)));

        tables.addPartitions(table, runFolder, toAdd);
        tables.setLocations(table, toMove);
        tables.dropPartitions(table, toDrop);
        return replaced;
    }

    /**
     * Computes the boundary from the whole master dataset and every run record, under a lock
     * so that two runs finishing together cannot set them out of order.
     */
    private Optional<Instant> moveBoundary(String version) {
        try (HourLocks lock = HourLocks.acquireNamed(lockDir(), List.of("boundary.lock"))) {
            MasterListing master = MasterListing.read(spark, options.masterUri());
            Map<Instant, Set<String>> batched = new TreeMap<>();
            RunRecord.readAll(options.viewsUri(), hadoopConf)
                    .forEach((hour, record) -> batched.put(hour, record.masterFiles().keySet()));
            ArchiverStatus archiver = ArchiverStatus.read(ArchiverStatus.file(
                    options.dataDir()));

            Optional<Instant> current = tables.boundary();
            BatchBoundary.Decision decision = BatchBoundary.next(
                    PendingHours.unbatched(master.fileNamesByHour(), batched),
                    archiver.maxEventTime(), options.lateness(), current);
            if (decision.boundary().isPresent()) {
                tables.setBoundary(decision.boundary().get(), version);
            }
            if (decision.moved()) {
                LOG.info("Moved the batch boundary of {} from {} to {} ({})",
                        HiveTables.SALES_MINUTE, current.map(Instant::toString).orElse("unset"),
                        decision.boundary().get(), decision.reason());
            } else {
                LOG.info("Batch boundary stays at {}: {}",
                        current.map(Instant::toString).orElse("unset"), decision.reason());
            }
            return decision.boundary();
        }
    }

    /** The progress bar over the hours, or nothing when no one watches a terminal. */
    private static final class Progress implements AutoCloseable {

        private final ProgressBar bar;

        Progress(boolean show, HourRange range) {
            this.bar = show ? new ProgressBarBuilder().setTaskName("batch " + range)
                    .setInitialMax(range.size()).setUpdateIntervalMillis(250)
                    .setUnit(" hours", 1).build() : null;
        }

        void phase(String name) {
            if (bar != null) {
                bar.setExtraMessage(name);
            }
        }

        void step() {
            if (bar != null) {
                bar.step();
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Cli()).execute(args));
    }

    @Command(name = "batch-job", mixinStandardHelpOptions = true,
            description = "Recomputes the batch views of the hours [--from, --to) (UTC).")
    static final class Cli implements Callable<Integer> {

        @Mixin
        BatchOptions options;

        @Option(names = "--from", required = true,
                description = "First hour, e.g. 2010-12-01T00 (UTC).")
        String from;

        @Option(names = "--to", required = true,
                description = "Hour after the last one (exclusive), e.g. 2010-12-10T00.")
        String to;

        @Option(names = "--no-progress", description = "Draw no progress bar.")
        boolean noProgress;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            HourRange range;
            try {
                range = HourRange.parse(from, to);
                options.lateness();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }

            // Spark's own failure to reach the metastore is pages of stack trace.
            if (!metastoreAnswers(options.metastoreUri())) {
                spec.commandLine().getErr().println("Cannot reach the Hive metastore at "
                        + options.metastoreUri() + ": is the stack running? On one machine,"
                        + " start it with ./lambda up");
                return 1;
            }

            SparkSession spark = session(options);
            try {
                Result result = new BatchJob(spark, options).run(range, !noProgress);
                System.out.println(result.summary());
                return 0;
            } catch (IllegalStateException e) {
                LOG.error("Batch run {} failed: {}", range, e.getMessage());
                return 1;
            } finally {
                spark.stop();
            }
        }

        /** Whether one of the metastore URIs ({@code thrift://host:port,...}) takes a call. */
        static boolean metastoreAnswers(String uris) {
            for (String uri : uris.split(",")) {
                URI address = URI.create(uri.trim());
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address.getHost(), address.getPort()),
                            3_000);
                    return true;
                } catch (IOException e) {
                    LOG.debug("Metastore {} does not answer: {}", uri, e.getMessage());
                }
            }
            return false;
        }
    }
}
