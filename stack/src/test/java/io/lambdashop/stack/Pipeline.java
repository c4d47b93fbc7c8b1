package io.lambdashop.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdashop.launcher.ModuleProcess;
import io.lambdashop.launcher.Repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the integration tests do to a running stack, each step as the user's command would:
 * replay files, wait for the archiver, run the batch job, query Hive.
 */
final class Pipeline {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StackConfig config;

    Pipeline(StackConfig config) {
        this.config = config;
    }

    /** The Online Retail day files beside the repository whose name starts with a prefix. */
    static List<Path> retailDays(String prefix) {
        Path days = Repository.root().resolve("../shared/datasets/online-retail/by-day")
                .normalize();
        try (Stream<Path> listing = Files.list(days)) {
            return listing.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("The dataset is expected in " + days, e);
        }
    }

    /** {@code ./lambda replay FILE...}, against this stack's broker. */
    void replay(List<Path> files) {
        List<String> args = new ArrayList<>(List.of("replay", "--bootstrap",
                config.bootstrapServers()));
        files.forEach(f -> args.add(f.toString()));
        ModuleProcess.run("ingest", "io.lambdashop.ingest.IngestCli", args,
                config.logFile("replay"), Duration.ofMinutes(3));
    }

    /** Waits until the archiver has stored everything the topic holds. */
    void awaitArchiverCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (archiverCaughtUp()) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("The archiver did not catch up with the topic within "
                + timeout.toSeconds() + " s; see " + config.logFile("archiver"));
    }

    private boolean archiverCaughtUp() {
        Map<Integer, Long> processed;
        try {
            processed = StatusReport.processedOffsets(JSON.readTree(
                    config.statusFile(Component.ARCHIVER.id()).toFile()));
        } catch (IOException e) {
            return false;
        }
        Map<Integer, Long> ends = new StatusReport(config).topicEndOffsets();
        return !ends.isEmpty() && ends.entrySet().stream().allMatch(
                end -> processed.getOrDefault(end.getKey(), -1L) >= end.getValue());
    }

    /** {@code ./lambda batch --from FROM --to TO}, on this stack's storage. */
    void batch(String from, String to) {
        ModuleProcess.run("batch-layer", "io.lambdashop.batch.BatchJob", List.of(
                "--data-dir", config.dataDir().toString(),
                "--metastore-uri", config.metastoreUri(),
                "--master-uri", config.masterUri(),
                "--views-uri", config.viewsUri(),
                "--from", from, "--to", to),
                config.logFile("batch"), Duration.ofMinutes(5));
    }

    /** {@code ./lambda sql STATEMENT}: the rows, each a list of cells, header left out. */
    List<List<String>> sql(String statement) {
        String out = ModuleProcess.run("hive-server", "io.lambdashop.hive.SqlClient",
                List.of("--url", config.hiveJdbcUrl(), "--format", "tsv", statement),
                config.logFile("sql"), Duration.ofMinutes(3));
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(List.of(line.split("\t", -1)));
        }
        return rows;
    }

    /**
     * Deletes a test's data dir once its stack is stopped, all but {@code logs/}: the data
     * is hundreds of megabytes, the logs are what a failed run is read from.
     */
    static void deleteDataKeepingLogs(Path dataDir) {
        try (Stream<Path> entries = Files.list(dataDir)) {
            for (Path entry : entries.filter(e -> !e.getFileName().toString().equals("logs"))
                    .toList()) {
                try (Stream<Path> tree = Files.walk(entry)) {
                    for (Path path : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(path);
                    }
                }
            }
        } catch (IOException e) {
            // Only space is lost; the test's verdict stands.
            System.err.println("Could not clean " + dataDir + ": " + e);
        }
    }
}
