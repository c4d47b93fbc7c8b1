package io.lambdashop.serving;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardRoutesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Vertx vertx;
    private HttpServer server;

    @BeforeEach
    void serveTheDashboard() {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        ServingApi.addDashboardRoutes(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void thePageAndItsScriptsAreAskedForAgainAfterAnUpgrade() throws Exception {
        for (String path : new String[] {"/", "/js/main.js", "/style.css"}) {
            HttpResponse<String> response = get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().allValues("cache-control")).as(path)
                    .containsExactly("no-cache");
        }
    }

    @Test
    void theChartLibraryIsServedFromItsWebjar() throws Exception {
        HttpResponse<String> page = get("/");
        String script = page.body().replaceAll("(?s).*src=\"(/webjars/[^\"]+)\".*", "$1");

        HttpResponse<String> library = get(script);

        assertThat(script).startsWith("/webjars/chart.js/");
        assertThat(library.statusCode()).isEqualTo(200);
        assertThat(library.body()).contains("Chart");
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.actualPort() + path);
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
