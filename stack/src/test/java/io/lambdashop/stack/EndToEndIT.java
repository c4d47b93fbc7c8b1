package io.lambdashop.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdashop.launcher.Components;
import io.lambdashop.launcher.ModuleProcess;
import io.lambdashop.launcher.Repository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline on real data: the embedded stack (real Kafka, Spark jobs, Hive and
 * serving layer), fed with the first days of December 2010 of the Online Retail dataset,
 * must give in Hive SQL and in the API exactly the totals computed from the CSV files by
 * {@link RetailTotals}; a second replay of the same files must change no batch figure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

    private static final String RANGE = "from=2010-12-01T00:00:00Z&to=2010-12-10T00:00:00Z";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static List<Path> files;
    private static RetailTotals expected;
    private static StackConfig config;
    private static Stack stack;

    @BeforeAll
    static void startTheStack() throws IOException {
        Path days = Repository.root().resolve("../shared/datasets/online-retail/by-day")
                .normalize();
        try (Stream<Path> listing = Files.list(days)) {
            files = listing.filter(f -> f.getFileName().toString().startsWith("2010-12-0"))
                    .sorted().toList();
        }
        expected = RetailTotals.of(files);

        Path dataDir = Files.createTempDirectory("lambda-e2e");
        config = new StackConfig(dataDir, Components.freePort(), Components.freePort(),
                Components.freePort(), Components.freePort(), Components.freePort());
        stack = Stack.start(config);
    }

    @AfterAll
    static void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aReplayAndABackfillGiveTheDatasetsTotalsInHive() throws Exception {
        replayAndBackfill();

        List<List<String>> rows = sql("SELECT COUNT(*), SUM(amount) FROM ecommerce.transactions");

        assertThat(rows).hasSize(1);
        assertThat(Long.parseLong(rows.get(0).get(0))).isEqualTo(expected.lines());
        assertThat(new BigDecimal(rows.get(0).get(1))).isEqualByComparingTo(expected.revenue());
        assertThat(hiveRevenueByCountry()).isEqualTo(normalized(expected.revenueByCountry()));
    }

    @Test
    @Order(2)
    void theServingLayerReportsTheSameTotals() throws Exception {
        JsonNode stats = awaitStatsMatching(Duration.ofSeconds(90));

        assertThat(stats.get("transactions").asLong()).isEqualTo(expected.lines());
        assertThat(stats.get("revenue").decimalValue()).isEqualByComparingTo(expected.revenue());

        Map<String, BigDecimal> byCountry = new HashMap<>();
        for (JsonNode row : rows(get("/api/countries?" + RANGE))) {
            byCountry.put(row.get("key").asText(), row.get("revenue").decimalValue());
        }
        assertThat(normalized(byCountry)).isEqualTo(normalized(expected.revenueByCountry()));
    }

    @Test
    @Order(3)
    void replayingTheSameFilesChangesNoBatchFigure() throws Exception {
        replayAndBackfill();

        List<List<String>> rows = sql("SELECT COUNT(*), SUM(amount) FROM ecommerce.transactions");
        assertThat(Long.parseLong(rows.get(0).get(0))).isEqualTo(expected.lines());
        assertThat(new BigDecimal(rows.get(0).get(1))).isEqualByComparingTo(expected.revenue());

        JsonNode stats = awaitStatsMatching(Duration.ofSeconds(90));
        assertThat(stats.get("transactions").asLong()).isEqualTo(expected.lines());
    }

    @Test
    @Order(4)
    void aDailyReportShowsTheDaysTotalsInMarkdownAndPdf() throws Exception {
        ModuleProcess.run("reports", "io.lambdashop.reports.ReportCli", List.of(
                "--day", "2010-12-01", "--serving-url", config.dashboardUrl(),
                "--data-dir", config.dataDir().toString()),
                config.logFile("report"), Duration.ofMinutes(3));

        ReportChecks.assertDailyReport(config.dataDir(), "2010-12-01", file("2010-12-01"));
    }

    @Test
    @Order(5)
    void theServingLayerRendersCompleteDaysOnItsOwnAndServesThem() throws Exception {
        // The batch boundary is past 2010-12-08 since the first backfill: its report is due.
        Path record = config.dataDir().resolve("reports/daily/2010-12-08.json");
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (!Files.exists(record) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        assertThat(record).as("scheduled report; see " + config.logFile("reports")).exists();

        ReportChecks.assertDailyReport(config.dataDir(), "2010-12-08", file("2010-12-08"));
        assertThat(get("/api/reports").get("items").findValuesAsText("pdf"))
                .contains("/reports/daily/2010-12-01.pdf", "/reports/daily/2010-12-08.pdf");
        HttpResponse<byte[]> pdf = HTTP.send(HttpRequest.newBuilder(URI.create(
                config.dashboardUrl() + "reports/daily/2010-12-08.pdf")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(new String(pdf.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
    }

    private static Path file(String day) {
        return files.stream().filter(f -> f.getFileName().toString().startsWith(day))
                .findFirst().orElseThrow();
    }

    /** Publishes the files, waits for the archiver to store them all, then batches them. */
    private static void replayAndBackfill() throws Exception {
        List<String> replay = new ArrayList<>(List.of("replay", "--bootstrap",
                config.bootstrapServers()));
        files.forEach(f -> replay.add(f.toString()));
        ModuleProcess.run("ingest", "io.lambdashop.ingest.IngestCli", replay,
                config.logFile("replay"), Duration.ofMinutes(3));

        awaitArchiverCaughtUp(Duration.ofMinutes(3));

        ModuleProcess.run("batch-layer", "io.lambdashop.batch.BatchJob", List.of(
                "--data-dir", config.dataDir().toString(),
                "--metastore-uri", config.metastoreUri(),
                "--master-uri", config.masterUri(),
                "--views-uri", config.viewsUri(),
                "--from", "2010-12-01T00", "--to", "2010-12-10T00"),
                config.logFile("batch"), Duration.ofMinutes(5));
    }

    private static void awaitArchiverCaughtUp(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ArchiverProgress status = ArchiverProgress.read(config);
            if (status.caughtUp()) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("The archiver did not catch up with the topic within "
                + timeout.toSeconds() + " s; see " + config.logFile("archiver"));
    }

    /** The serving layer reloads batch views on its own; wait until it has this run's. */
    private static JsonNode awaitStatsMatching(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode stats = null;
        while (System.nanoTime() < deadline) {
            stats = get("/api/stats?" + RANGE);
            if (stats.path("transactions").asLong() == expected.lines()) {
                return stats;
            }
            Thread.sleep(1000);
        }
        return stats;
    }

    private static Map<String, BigDecimal> hiveRevenueByCountry() {
        Map<String, BigDecimal> byCountry = new HashMap<>();
        for (List<String> row : sql("SELECT country, SUM(amount) FROM ecommerce.transactions "
                + "GROUP BY country")) {
            byCountry.put(row.get(0), new BigDecimal(row.get(1)));
        }
        return normalized(byCountry);
    }

    private static Map<String, BigDecimal> normalized(Map<String, BigDecimal> amounts) {
        Map<String, BigDecimal> normal = new java.util.TreeMap<>();
        amounts.forEach((key, amount) -> normal.put(key, amount.stripTrailingZeros()));
        return normal;
    }

    private static List<List<String>> sql(String statement) {
        String out = ModuleProcess.run("hive-server", "io.lambdashop.hive.SqlClient",
                List.of("--url", config.hiveJdbcUrl(), "--format", "tsv", statement),
                config.logFile("sql"), Duration.ofMinutes(3));
        List<List<String>> rows = new ArrayList<>();
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(List.of(line.split("\t", -1)));
        }
        return rows;
    }

    private static JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + config.servingPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** A breakdown endpoint answers an array, or an object holding one under "rows". */
    private static JsonNode rows(JsonNode answer) {
        return answer.isArray() ? answer : answer.get("rows");
    }

    /** The archiver's processed offsets against the topic's end offsets. */
    private record ArchiverProgress(Map<Integer, Long> processed, Map<Integer, Long> ends) {

        static ArchiverProgress read(StackConfig config) {
            Map<Integer, Long> processed = Map.of();
            try {
                processed = StatusReport.processedOffsets(JSON.readTree(
                        config.statusFile(Component.ARCHIVER.id()).toFile()));
            } catch (IOException e) {
                // Not written yet.
            }
            return new ArchiverProgress(processed, new StatusReport(config).topicEndOffsets());
        }

        boolean caughtUp() {
            return !ends.isEmpty() && ends.entrySet().stream().allMatch(
                    end -> processed.getOrDefault(end.getKey(), -1L) >= end.getValue());
        }
    }
}
