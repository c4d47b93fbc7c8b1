package io.lambdashop.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Airflow client against the request and response shapes of Airflow 3's REST API as
 * documented: {@code POST /auth/token} (JSON user name and password, answers 201 with
 * {@code access_token}) and {@code POST /api/v2/dags/{dag_id}/dagRuns} (a
 * TriggerDAGRunPostBody, whose {@code logical_date} is required but may be null; answers
 * 200 with a DAGRunResponse, 401 without a valid token, 404 for an unknown DAG, 409 for a
 * run id in use). The server below checks each request the way the API validates it.
 */
class AirflowClientTest {

    private static final String DAG = "lambdashop_hourly";
    private static final String JWT = "eyJhbGciOiJIUzUxMiJ9.test.signature";

    private HttpServer airflow;
    private final List<JsonNode> dagRunBodies = new ArrayList<>();
    private final List<String> dagRunPaths = new ArrayList<>();

    @BeforeEach
    void startAirflowApi() throws IOException {
        airflow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        airflow.createContext("/auth/token", this::token);
        airflow.createContext("/api/v2/dags/", this::dagRuns);
        airflow.start();
    }

    @AfterEach
    void stop() {
        airflow.stop(0);
    }

    @Test
    void triggersARunWithTheRangeInItsConf() {
        AirflowClient.DagRun run = client("admin", "secret", DAG)
                .triggerBatch("2010-12-01T08", "2010-12-01T10", Instant.ofEpochMilli(42));

        assertThat(run).isEqualTo(new AirflowClient.DagRun(DAG,
                "rerun__2010-12-01T08__2010-12-01T10__42", "queued"));
        assertThat(dagRunPaths).containsExactly("/api/v2/dags/" + DAG + "/dagRuns");
        JsonNode body = dagRunBodies.get(0);
        assertThat(body.has("logical_date")).isTrue();
        assertThat(body.get("logical_date").isNull()).isTrue();
        assertThat(body.path("conf").path("from").asText()).isEqualTo("2010-12-01T08");
        assertThat(body.path("conf").path("to").asText()).isEqualTo("2010-12-01T10");
    }

    @Test
    void aWrongPasswordSaysWhatAirflowAnswered() {
        assertThatThrownBy(() -> client("admin", "wrong", DAG)
                .triggerBatch("2010-12-01T08", "2010-12-01T09", Instant.EPOCH))
                .isInstanceOf(AirflowClient.AirflowException.class)
                .hasMessageContaining("401")
                .hasMessageContaining("Invalid credentials");
        assertThat(dagRunBodies).isEmpty();
    }

    @Test
    void anUnknownDagIsReportedWithAirflowsDetail() {
        assertThatThrownBy(() -> client("admin", "secret", "no_such_dag")
                .triggerBatch("2010-12-01T08", "2010-12-01T09", Instant.EPOCH))
                .isInstanceOf(AirflowClient.AirflowException.class)
                .hasMessageContaining("404")
                .hasMessageContaining("no_such_dag");
    }

    @Test
    void theSameRunIdTwiceIsAConflict() {
        AirflowClient client = client("admin", "secret", DAG);
        client.triggerBatch("2010-12-01T08", "2010-12-01T09", Instant.EPOCH);

        assertThatThrownBy(() -> client.triggerBatch("2010-12-01T08", "2010-12-01T09",
                Instant.EPOCH))
                .hasMessageContaining("409");
    }

    private AirflowClient client(String user, String password, String dag) {
        URI base = URI.create("http://127.0.0.1:" + airflow.getAddress().getPort() + "/");
        return new AirflowClient(new AirflowClient.Settings(base, user, password, dag));
    }

    private void token(HttpExchange exchange) throws IOException {
        JsonNode body = jsonBody(exchange);
        if (!"POST".equals(exchange.getRequestMethod()) || body == null
                || !body.path("username").isTextual() || !body.path("password").isTextual()) {
            reply(exchange, 422, "{\"detail\": [{\"msg\": \"Field required\"}]}");
        } else if ("admin".equals(body.get("username").asText())
                && "secret".equals(body.get("password").asText())) {
            reply(exchange, 201, "{\"access_token\": \"" + JWT + "\"}");
        } else {
            reply(exchange, 401, "{\"detail\": \"Invalid credentials\"}");
        }
    }

    private void dagRuns(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String[] parts = path.split("/");
        if (!"POST".equals(exchange.getRequestMethod()) || parts.length != 6
                || !"dagRuns".equals(parts[5])) {
            reply(exchange, 405, "{\"detail\": \"Method Not Allowed\"}");
            return;
        }
        if (!("Bearer " + JWT).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            reply(exchange, 401, "{\"detail\": \"Not authenticated\"}");
            return;
        }
        String dagId = parts[4];
        if (!DAG.equals(dagId)) {
            reply(exchange, 404, "{\"detail\": \"The Dag with dag_id: `" + dagId
                    + "` was not found\"}");
            return;
        }
        JsonNode body = jsonBody(exchange);
        if (body == null || !body.has("logical_date")
                || !(body.path("conf").isObject() || body.path("conf").isMissingNode())) {
            reply(exchange, 422, "{\"detail\": [{\"loc\": [\"body\", \"logical_date\"],"
                    + " \"msg\": \"Field required\"}]}");
            return;
        }
        String runId = body.path("dag_run_id").asText();
        boolean taken = dagRunBodies.stream()
                .anyMatch(earlier -> earlier.path("dag_run_id").asText().equals(runId));
        if (taken) {
            reply(exchange, 409, "{\"detail\": \"DAG run with run id " + runId
                    + " already exists\"}");
            return;
        }
        dagRunBodies.add(body);
        dagRunPaths.add(path);

        ObjectNode run = Json.object();
        run.put("dag_run_id", runId);
        run.put("dag_id", dagId);
        run.putNull("logical_date");
        run.put("queued_at", "2026-12-03T19:30:00Z");
        run.putNull("start_date");
        run.putNull("end_date");
        run.put("run_after", "2026-12-03T19:30:00Z");
        run.put("run_type", "manual");
        run.put("state", "queued");
        run.put("triggered_by", "rest_api");
        run.set("conf", body.path("conf"));
        run.put("note", body.path("note").asText(null));
        reply(exchange, 200, Json.write(run));
    }

    private static JsonNode jsonBody(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            return null;
        }
        return Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
    }

    private static void reply(HttpExchange exchange, int status, String json)
            throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
