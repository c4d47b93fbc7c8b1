package io.lambdashop.reports;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line against a small HTTP server that answers like the serving layer (canned
 * JSON in the API's shape): flags, files written, exact amounts, and the scheduled mode's
 * once-per-version rule.
 */
class ReportCliTest {

    static {
        // The JDK server writes headers and body apart; with Nagle's algorithm each answer
        // then waits for a delayed ACK (about 40 ms), which only slows this test down.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    @TempDir
    Path dataDir;

    private HttpServer api;
    private volatile String batchVersion = "v7";
    private volatile boolean hiveAnswers = true;

    @BeforeEach
    void startTheApi() throws IOException {
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", this::answer);
        api.start();
    }

    @AfterEach
    void stopTheApi() {
        api.stop(0);
    }

    @Test
    void wrongFlagsPrintTheUsageAndExitWith2() {
        assertThat(run("--week", "2010-12-01").exitCode).isEqualTo(2);
        assertThat(run().exitCode).isEqualTo(2);
        assertThat(run("--day", "2010-12-01", "--hour", "2010-12-01T08").exitCode)
                .isEqualTo(2);
        Result badDay = run("--day", "2010-13-01");
        assertThat(badDay.exitCode).isEqualTo(2);
        assertThat(badDay.err).contains("a day is written like 2010-12-01").contains("Usage");
    }

    @Test
    void anUnreachableServingLayerIsNamedAndExitsWith1() {
        Result result = run("--day", "2010-12-01", "--serving-url", "http://127.0.0.1:1");

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.err).contains("cannot reach the serving layer at http://127.0.0.1:1/");
    }

    @Test
    void aDayReportIsWrittenUnderStableNamesWithExactAmounts() throws IOException {
        Result result = run("--day", "2010-12-01");

        assertThat(result.exitCode).as(result.err).isEqualTo(0);
        Path folder = dataDir.resolve("reports/daily");
        assertThat(folder.resolve("2010-12-01.md")).exists();
        assertThat(folder.resolve("2010-12-01.pdf")).exists();
        assertThat(folder.resolve("2010-12-01.png")).exists();
        assertThat(folder.resolve("2010-12-01.json")).exists();
        String markdown = Files.readString(folder.resolve("2010-12-01.md"));
        // More digits than a double holds: the amount went through BigDecimal only.
        assertThat(markdown).contains("| Revenue | 12,345,678,901,234.567 | 0.00 | n/a |");
        assertThat(markdown).contains("| 1 | United Kingdom | 12,345,678,901,234.567 |");
        assertThat(result.out).contains("daily 2010-12-01: 3,108 transactions");
    }

    @Test
    void topProductsAreThoseOfTheApi() throws IOException {
        assertThat(run("--day", "2010-12-01").exitCode).isEqualTo(0);

        String markdown = Files.readString(dataDir.resolve("reports/daily/2010-12-01.md"));
        assertThat(markdown).contains("| 1 | REGENCY CAKESTAND 3 TIER | 22423 | 2,403.00 |");
    }

    @Test
    void noReportIsWrittenWhenHiveDidNotAnswerTheBatchSide() {
        hiveAnswers = false;

        Result result = run("--day", "2010-12-01");

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.err).contains("without its batch views (Hive did not answer)");
        assertThat(dataDir.resolve("reports/daily/2010-12-01.md")).doesNotExist();
    }

    @Test
    void anHourReportChartsMinutes() throws IOException {
        assertThat(run("--hour", "2010-12-01T08").exitCode).isEqualTo(0);

        String markdown = Files.readString(dataDir.resolve("reports/hourly/2010-12-01T08.md"));
        assertThat(markdown).contains("## Revenue per minute").contains("](2010-12-01T08.png)");
    }

    @Test
    void scheduledReportsAreRenderedOncePerBatchVersion() throws IOException {
        Result first = run("--due");
        assertThat(first.exitCode).as(first.err).isEqualTo(0);
        // Only 2010-12-01 has sales in this API: one report among the 14 days and 24 hours.
        assertThat(first.out).contains("1 reports rendered, 0 restamped, 0 already current");
        Path pdf = dataDir.resolve("reports/daily/2010-12-01.pdf");
        long writtenAt = Files.getLastModifiedTime(pdf).toMillis();

        assertThat(run("--due").out).contains("0 reports rendered, 0 restamped, 1 already"
                + " current");

        batchVersion = "v8";
        assertThat(run("--due").out).contains("0 reports rendered, 1 restamped, 0 already"
                + " current");
        assertThat(Files.readString(dataDir.resolve("reports/daily/2010-12-01.json")))
                .contains("\"batch_version\" : \"v8\"");
        assertThat(Files.getLastModifiedTime(pdf).toMillis()).isEqualTo(writtenAt);
    }

    private Result run(String... args) {
        String[] all = args;
        if (args.length > 0 && !String.join(" ", args).contains("--serving-url")) {
            all = new String[args.length + 4];
            System.arraycopy(args, 0, all, 0, args.length);
            all[args.length] = "--serving-url";
            all[args.length + 1] = "http://127.0.0.1:" + api.getAddress().getPort();
            all[args.length + 2] = "--data-dir";
            all[args.length + 3] = dataDir.toString();
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ReportCli());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exitCode = command.execute(all);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String err) {
    }

    /** Sales on the day 2010-12-01 only, none in any other period (its hours included). */
    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = String.valueOf(exchange.getRequestURI().getQuery());
        boolean sales = query.contains("from=2010-12-01T00:00:00Z&to=2010-12-02T00:00:00Z");
        String header = "\"boundary\":\"2010-12-02T00:00:00Z\",\"batch_version\":\""
                + batchVersion + "\"";
        String body = switch (path) {
            case "/api/stats" -> sales
                    ? "{" + header + ",\"revenue\":12345678901234.567,\"transactions\":3108,"
                            + "\"units\":26814,\"unique_users\":98,\"average_amount\":18.87,"
                            + "\"returns\":26,\"returned_amount\":683.05,"
                            + "\"sources\":{\"batch_minutes\":530,\"speed_minutes\":0}}"
                    : "{" + header + ",\"revenue\":0,\"transactions\":0,\"units\":0,"
                            + "\"unique_users\":null,\"average_amount\":null,\"returns\":0,"
                            + "\"returned_amount\":0,"
                            + "\"sources\":{\"batch_minutes\":0,\"speed_minutes\":0}}";
            case "/api/countries" -> "{" + header + ",\"items\":[" + (sales
                    ? "{\"key\":\"United Kingdom\",\"revenue\":12345678901234.567,"
                            + "\"transactions\":3108,\"units\":26814}" : "") + "]}";
            case "/api/categories", "/api/payments" -> "{" + header + ",\"items\":[]}";
            case "/api/timeseries" -> "{" + header + ",\"buckets\":[{\"start\":"
                    + "\"2010-12-01T08:00:00Z\",\"revenue\":1000.5,\"transactions\":3,"
                    + "\"source\":\"batch\"}]}";
            case "/api/products" -> "{" + header + ",\"batch_available\":" + hiveAnswers
                    + ",\"speed_side\":\"none\",\"items\":[" + (sales
                    ? "{\"product_id\":\"22423\",\"product_name\":\"REGENCY CAKESTAND 3 TIER\","
                            + "\"revenue\":2403.00,\"transactions\":38,\"units\":198}" : "")
                    + "]}";
            case "/api/transactions/top" -> "{" + header + ",\"batch_available\":true,"
                    + "\"transactions\":[]}";
            case "/api/health" -> "{\"batch\":{\"boundary\":\"2010-12-02T00:00:00Z\","
                    + "\"version\":\"" + batchVersion + "\"},\"dead_letters\":0,"
                    + "\"late_events_dropped\":null}";
            default -> null;
        };
        byte[] bytes = (body == null ? "{\"error\":\"no such route\"}" : body)
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
