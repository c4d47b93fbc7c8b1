package io.lambdashop.airflow;

import io.lambdashop.launcher.Components;
import io.lambdashop.launcher.ModuleProcess;
import io.lambdashop.launcher.Repository;
import io.lambdashop.stack.Stack;
import io.lambdashop.stack.StackConfig;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hourly DAG's commands, rendered by the DAG file itself (airflow/tests/dags.py) for the
 * hour 2010-12-01T08, run for real against the embedded stack.
 *
 * <p>The embedded scheduler batches the hour first; the test keeps its rows, deletes the
 * hour's partition folders, then runs the rendered {@code batch_hour} command, which must
 * write the very same rows back. The only change to the command is through Airflow
 * Variables, as a deployment would make it: {@code lambda_spark_submit} points at a
 * two-line spark-submit that runs Spark's own {@code org.apache.spark.deploy.SparkSubmit}
 * on the Spark jars Maven resolved (a Spark distribution in all but layout), the master is
 * {@code local[2]}, and the URIs are the stack's. So the cluster jar, its entry point, its
 * arguments and the submit options are all exercised; only the cluster is local.
 */
class RenderedBatchCommandIT {

    private static final String HOUR_START = "2010-12-01T08:00:00Z";
    private static final String HOUR_END = "2010-12-01T09:00:00Z";
    private static final String DAY_FILE = "2010-12-01.csv.gz";

    /**
     * Jars the cluster jar already holds (the include list of the root pom's shade
     * configuration): left out of the stand-in Spark distribution, so the test fails if the
     * cluster jar misses one of them.
     */
    private static final List<String> SHADED = List.of("/io/lambdashop/", "/info/picocli/",
            "/me/tongfei/", "/org/jline/", "/commons-csv/", "/spark-sql-kafka-0-10_",
            "/spark-token-provider-kafka-0-10_", "/kafka-clients/", "/commons-pool2/");

    private static final String TRANSACTIONS_OF_THE_HOUR = "SELECT transaction_id, order_id, "
            + "user_id, product_id, product_name, category, city, country, payment_method, "
            + "quantity, unit_price, amount, event_time FROM ecommerce.transactions "
            + "WHERE dt = '2010-12-01' AND hr = 8";

    // users_sketch is left out: the same users give sketches of the same estimate, but their
    // bytes depend on the order Spark's partitions merged them in (local[*] against local[2]).
    private static final String SALES_MINUTE_OF_THE_HOUR = "SELECT window_start, dimension, "
            + "dim_key, revenue, transactions, units, returns, returned_amount, "
            + "users_sketch IS NOT NULL FROM ecommerce.sales_minute "
            + "WHERE dt = '2010-12-01' AND hr = 8";

    private static StackConfig config;
    private static Stack stack;
    private static Path workDir;

    @BeforeAll
    static void startTheStackAndReplayADay() throws IOException {
        workDir = Files.createTempDirectory("lambda-airflow-it");
        config = new StackConfig(workDir.resolve("data"), Components.freePort(),
                Components.freePort(), Components.freePort(), Components.freePort(),
                Components.freePort());
        stack = Stack.start(config);

        ModuleProcess.run("ingest", "io.lambdashop.ingest.IngestCli",
                List.of("replay", "--bootstrap", config.bootstrapServers(),
                        dayFile().toString()),
                config.logFile("replay"), Duration.ofMinutes(3));
    }

    @AfterAll
    static void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theRenderedBatchCommandWritesTheRowsTheEmbeddedSchedulerWrote() throws Exception {
        Path runRecord = Path.of(java.net.URI.create(config.viewsUri()))
                .resolve("_batch/runs/2010-12-01T08.json");
        awaitFile(runRecord, Duration.ofMinutes(4));
        List<String> schedulerTransactions = sortedRows(TRANSACTIONS_OF_THE_HOUR);
        List<String> schedulerSales = sortedRows(SALES_MINUTE_OF_THE_HOUR);
        String schedulerRun = Files.readString(runRecord);

        // Counted from the CSV file by another route than the pipeline's.
        assertThat(schedulerTransactions).hasSize(csvLinesOfHour8());
        assertThat(schedulerSales).isNotEmpty();

        deleteHourFolders();
        assertThat(sortedRows(TRANSACTIONS_OF_THE_HOUR)).isEmpty();

        Map<String, String> variables = variables();
        Result sensor = runRendered("wait_for_master", variables);
        assertThat(sensor.exitCode()).as(sensor.output()).isEqualTo(0);
        assertThat(sensor.output()).contains("Hour 2010-12-01T08 is complete");

        Result batch = runRendered("batch_hour", variables);
        assertThat(batch.exitCode()).as(batch.output()).isEqualTo(0);
        assertThat(batch.output()).contains("Batched 1 hour 2010-12-01T08..2010-12-01T09");

        assertThat(sortedRows(TRANSACTIONS_OF_THE_HOUR)).isEqualTo(schedulerTransactions);
        assertThat(sortedRows(SALES_MINUTE_OF_THE_HOUR)).isEqualTo(schedulerSales);
        assertThat(Files.readString(runRecord)).as("a new run record").isNotEqualTo(schedulerRun);
    }

    /** The Variables a deployment on this stack would set, as the README lists them. */
    private static Map<String, String> variables() throws IOException {
        String sparkJars = sparkDistributionClasspath();
        Path sparkSubmit = workDir.resolve("spark-submit");
        Files.writeString(sparkSubmit, "#!/usr/bin/env bash\n"
                + "# spark-submit of a Spark distribution made of the jars Maven resolved\n"
                + "exec '" + javaBinary() + "' -Xmx1g "
                + String.join(" ", ModuleProcess.standardJvmOptions())
                + " -cp '" + sparkJars + "' org.apache.spark.deploy.SparkSubmit \"$@\"\n");
        Files.setPosixFilePermissions(sparkSubmit, PosixFilePermissions.fromString("rwxr-xr-x"));

        Map<String, String> variables = new TreeMap<>();
        variables.put("lambda_spark_submit", sparkSubmit.toString());
        variables.put("lambda_spark_master", "local[2]");
        variables.put("lambda_spark_jars", sparkJars);
        variables.put("lambda_java", javaBinary());
        variables.put("lambda_batch_jar", clusterJar("batch-layer").toString());
        variables.put("lambda_data_dir", config.dataDir().toString());
        variables.put("lambda_master_uri", config.masterUri());
        variables.put("lambda_views_uri", config.viewsUri());
        variables.put("lambda_metastore_uri", config.metastoreUri());
        variables.put("lambda_hive_jars", hiveJars());
        variables.put("lambda_batch_driver_memory", "1g");
        return variables;
    }

    private record Result(int exitCode, String output) {
    }

    /** Renders a task's command with airflow/tests/dags.py and runs it with bash. */
    private static Result runRendered(String taskId, Map<String, String> variables)
            throws IOException, InterruptedException {
        List<String> render = new ArrayList<>(List.of("python3",
                Repository.root().resolve("airflow/tests/dags.py").toString(),
                "lambdashop_hourly", taskId, HOUR_START, HOUR_END));
        variables.forEach((name, value) -> render.add(name + "=" + value));
        String command = run(render, Duration.ofMinutes(1));

        Path log = config.logFile("airflow-" + taskId);
        Process bash = new ProcessBuilder("bash", "-c", command)
                .directory(workDir.toFile())
                .redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!bash.waitFor(10, TimeUnit.MINUTES)) {
            bash.destroyForcibly();
            throw new AssertionError(taskId + " ran out of time; see " + log);
        }
        return new Result(bash.exitValue(), out + "\n(stderr in " + log + ")\n" + command);
    }

    private static String run(List<String> command, Duration timeout)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                || process.exitValue() != 0) {
            throw new AssertionError(command + " failed:\n" + out);
        }
        return out;
    }

    /** The rows of a query, one tab-separated line each, sorted (Hive's order is free). */
    private static List<String> sortedRows(String query) {
        String out = ModuleProcess.run("hive-server", "io.lambdashop.hive.SqlClient",
                List.of("--url", config.hiveJdbcUrl(), "--format", "tsv", query),
                config.logFile("sql"), Duration.ofMinutes(3));
        List<String> lines = out.lines().filter(line -> !line.isBlank()).toList();
        return lines.subList(1, lines.size()).stream().sorted().toList();
    }

    /**
     * Deletes the folders the hour's partitions point at: each batch run writes an hour
     * under {@code <table>/_runs/<run id>/dt=.../hr=...}.
     */
    private static void deleteHourFolders() throws IOException {
        Path views = Path.of(java.net.URI.create(config.viewsUri()));
        for (String table : List.of("transactions", "sales_minute")) {
            List<Path> hours;
            try (var runs = Files.list(views.resolve(table).resolve("_runs"))) {
                hours = runs.map(run -> run.resolve("dt=2010-12-01/hr=8"))
                        .filter(Files::isDirectory).toList();
            }
            assertThat(hours).as(table + " folders of hour 8").isNotEmpty();
            for (Path hour : hours) {
                try (var files = Files.walk(hour)) {
                    for (Path file : files.sorted(java.util.Comparator.reverseOrder())
                            .toList()) {
                        Files.delete(file);
                    }
                }
            }
        }
    }

    /** Lines of the day file whose invoice date falls in 08:00-09:00 UTC. */
    private static int csvLinesOfHour8() throws IOException {
        try (Reader reader = new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(dayFile())), StandardCharsets.UTF_8)) {
            int count = 0;
            for (CSVRecord record : CSVFormat.DEFAULT.builder().setHeader()
                    .setSkipHeaderRecord(true).get().parse(reader)) {
                if (record.get("InvoiceDate").startsWith("2010-12-01 08:")) {
                    count++;
                }
            }
            return count;
        }
    }

    private static void awaitFile(Path file, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The embedded scheduler did not batch the hour within "
                        + timeout.toSeconds() + " s (no " + file + "); see "
                        + config.logFile("scheduler"));
            }
            Thread.sleep(1000);
        }
    }

    private static Path dayFile() {
        Path file = Repository.root().resolve("../shared/datasets/online-retail/by-day")
                .resolve(DAY_FILE).normalize();
        assertThat(file).as("the Online Retail dataset").isRegularFile();
        return file;
    }

    private static Path clusterJar(String module) throws IOException {
        try (var jars = Files.list(Repository.root().resolve(module).resolve("target"))) {
            return jars.filter(jar -> jar.getFileName().toString().endsWith("-cluster.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("No cluster jar in "
                            + module + "/target: run mvn package"));
        }
    }

    /** Spark and everything it depends on: batch-layer's classpath minus what is shaded. */
    private static String sparkDistributionClasspath() throws IOException {
        String listing = Files.readString(Repository.root()
                .resolve("batch-layer/target/classpath.txt")).trim();
        return Arrays.stream(listing.split(File.pathSeparator))
                .filter(jar -> SHADED.stream().noneMatch(jar::contains))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** The Hive 4.0.1 client jars, as the embedded stack gives them to Spark. */
    private static String hiveJars() throws IOException {
        String listing = Files.readString(Repository.root()
                .resolve("hive-server/target/classpath.txt")).trim();
        return Arrays.stream(listing.split(File.pathSeparator))
                .filter(jar -> jar.endsWith(".jar"))
                .map(jar -> "file://" + jar)
                .collect(Collectors.joining(","));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
