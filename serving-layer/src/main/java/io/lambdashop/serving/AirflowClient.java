package io.lambdashop.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Triggers a run of the hourly batch DAG through Airflow 3's stable REST API (v2).
 *
 * <p>Two calls: {@code POST /auth/token} with a user name and password gives a JWT, then
 * {@code POST /api/v2/dags/{dag_id}/dagRuns} creates a manual run whose {@code conf} holds
 * the hour range; the DAG reads it instead of its data interval. {@code logical_date} is
 * sent as null: a manual re-run is not tied to one interval, and two re-runs of the same
 * hours must not collide on a logical date.
 */
public final class AirflowClient {

    /** Where Airflow is, who we are to it, and which DAG does the batch. */
    public record Settings(URI baseUrl, String username, String password, String dagId) {
    }

    /** The run Airflow created: its id and its state at creation ("queued"). */
    public record DagRun(String dagId, String runId, String state) {
    }

    /** Airflow refused or could not be reached; the message says which and why. */
    public static final class AirflowException extends RuntimeException {

        AirflowException(String message) {
            super(message);
        }

        AirflowException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public AirflowClient(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Creates a run of the batch DAG for the hours {@code [from, to)}, written as the batch
     * job reads them ({@code 2010-12-01T08}).
     */
    public DagRun triggerBatch(String from, String to, Instant now) {
        ObjectNode body = Json.object();
        body.put("dag_run_id", "rerun__" + from + "__" + to + "__" + now.toEpochMilli());
        body.putNull("logical_date");
        ObjectNode conf = body.putObject("conf");
        conf.put("from", from);
        conf.put("to", to);
        body.put("note", "Re-run of " + from + ".." + to + " asked through the serving layer");

        String path = "/api/v2/dags/" + URLEncoder.encode(settings.dagId(), StandardCharsets.UTF_8)
                + "/dagRuns";
        JsonNode run = post(path, body, token(), 200);
        return new DagRun(run.path("dag_id").asText(), run.path("dag_run_id").asText(),
                run.path("state").asText());
    }

    /** A JWT for the API, from the configured user's name and password. */
    private String token() {
        ObjectNode credentials = Json.object();
        credentials.put("username", settings.username());
        credentials.put("password", settings.password());
        JsonNode answer = post("/auth/token", credentials, null, 201);
        String token = answer.path("access_token").asText("");
        if (token.isEmpty()) {
            throw new AirflowException("Airflow's /auth/token answered without access_token");
        }
        return token;
    }

    private JsonNode post(String path, JsonNode body, String bearer, int expectedStatus) {
        URI uri = settings.baseUrl().resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }

        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AirflowException("Cannot reach Airflow at " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AirflowException("Interrupted while calling " + uri, e);
        }

        // /auth/token answers 201 on some auth managers and 200 on others: any 2xx is fine.
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw new AirflowException("Airflow answered " + status + " to POST " + path + ": "
                    + detail(response.body()) + " (expected " + expectedStatus + ")");
        }
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AirflowException("Airflow's answer to POST " + path + " is not JSON: "
                    + response.body(), e);
        }
    }

    /** Airflow's error bodies carry a "detail" (a text, or a list of validation errors). */
    private static String detail(String body) {
        try {
            JsonNode detail = Json.MAPPER.readTree(body).path("detail");
            return detail.isMissingNode() ? body : detail.toString();
        } catch (IOException e) {
            return body;
        }
    }
}
