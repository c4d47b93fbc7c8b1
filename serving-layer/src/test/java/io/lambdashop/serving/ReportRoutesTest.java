package io.lambdashop.serving;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ReportRoutesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private Vertx vertx;
    private HttpServer server;

    @BeforeEach
    void serveTheReportRoutes() throws Exception {
        Path daily = Files.createDirectories(dataDir.resolve("reports/daily"));
        Path hourly = Files.createDirectories(dataDir.resolve("reports/hourly"));
        Files.writeString(daily.resolve("2010-12-01.md"), "# day one\n");
        Files.write(daily.resolve("2010-12-01.pdf"), new byte[] {'%', 'P', 'D', 'F'});
        Files.writeString(daily.resolve("2010-12-02.md"), "# day two\n");
        Files.writeString(hourly.resolve("2010-12-01T08.md"), "# hour\n");
        Files.writeString(daily.resolve(".2010-12-03.md.77.tmp"), "half written");
        Files.writeString(dataDir.resolve("secret.txt"), "not for the web");

        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        new ReportRoutes(dataDir).addTo(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void theListingNamesEachReportAndItsFilesNewestFirst() throws Exception {
        HttpResponse<String> response = get("/api/reports");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode items = Json.MAPPER.readTree(response.body()).get("items");
        assertThat(items).hasSize(3);
        assertThat(items.get(0).get("period").asText()).isEqualTo("daily");
        assertThat(items.get(0).get("name").asText()).isEqualTo("2010-12-02");
        assertThat(items.get(0).get("pdf").isNull()).isTrue();
        assertThat(items.get(1).get("name").asText()).isEqualTo("2010-12-01");
        assertThat(items.get(1).get("markdown").asText())
                .isEqualTo("/reports/daily/2010-12-01.md");
        assertThat(items.get(1).get("pdf").asText()).isEqualTo("/reports/daily/2010-12-01.pdf");
        assertThat(items.get(2).get("period").asText()).isEqualTo("hourly");
        assertThat(items.get(2).get("name").asText()).isEqualTo("2010-12-01T08");
    }

    @Test
    void reportFilesAreServedWithTheirType() throws Exception {
        HttpResponse<String> markdown = get("/reports/daily/2010-12-01.md");
        assertThat(markdown.statusCode()).isEqualTo(200);
        assertThat(markdown.body()).isEqualTo("# day one\n");
        assertThat(markdown.headers().firstValue("Content-Type")).hasValue(
                "text/markdown; charset=utf-8");

        HttpResponse<String> pdf = get("/reports/daily/2010-12-01.pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(get("/reports/daily/2010-12-09.md").statusCode()).isEqualTo(404);
    }

    @Test
    void nothingOutsideTheReportsFolderCanBeReached() throws Exception {
        assertThat(get("/reports/daily/..%2F..%2Fsecret.txt").statusCode()).isEqualTo(404);
        assertThat(get("/reports/daily/.2010-12-03.md.77.tmp").statusCode()).isEqualTo(404);
        assertThat(get("/reports/weekly/2010-12-01.md").statusCode()).isEqualTo(404);
        assertThat(get("/reports/..%2Fsecret.txt/2010-12-01.md").statusCode()).isEqualTo(404);
        // Sent as written, without the client tidying the dots away.
        assertThat(rawGet("/reports/daily/../../secret.txt")).doesNotContain("not for the web");
        assertThat(rawGet("/reports/%2e%2e/%2e%2e/secret.txt"))
                .doesNotContain("not for the web");
    }

    @Test
    void reportsAreReadOnly() throws Exception {
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(uri(
                "/reports/daily/2010-12-01.md")).PUT(HttpRequest.BodyPublishers.ofString("x"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(put.statusCode()).isIn(404, 405);
        assertThat(Files.readString(dataDir.resolve("reports/daily/2010-12-01.md")))
                .isEqualTo("# day one\n");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    /** One HTTP/1.1 request written by hand, so the path reaches the server untouched. */
    private String rawGet(String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
