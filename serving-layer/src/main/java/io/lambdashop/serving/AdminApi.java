package io.lambdashop.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The operators' API under {@code /api/admin}, behind a bearer token:
 * <ul>
 *   <li>{@code POST /api/admin/rerun?from=HOUR&to=HOUR}: batches the hours again. With an
 *       Airflow URL configured it triggers the hourly DAG; on one machine it queues the
 *       run for the embedded scheduler and answers where to follow it;</li>
 *   <li>{@code GET /api/admin/reruns/ID}: a queued re-run's state and outcome;</li>
 *   <li>{@code POST /api/admin/reload}: reloads the batch views now (Airflow's DAG calls it
 *       after a run, rather than waiting for the next periodic check).</li>
 * </ul>
 *
 * <p>The token is {@code LAMBDA_ADMIN_TOKEN}, or else the content of
 * {@code <data>/admin-token}, created at first start, readable by its owner only.
 */
final class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

    private static final Pattern HOUR = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}");
    private static final DateTimeFormatter HOUR_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH").withResolverStyle(ResolverStyle.STRICT);

    /** As the batch job's own limit: a longer range is almost certainly a typo in a year. */
    private static final Duration LONGEST_RANGE = Duration.ofDays(3 * 366);
    private static final Pattern REQUEST_ID = Pattern.compile("[0-9A-Za-z_.-]+");

    private final Vertx vertx;
    private final Path dataDir;
    private final BatchViewLoader batch;
    private final Optional<AirflowClient> airflow;
    private final byte[] token;
    private final Clock clock;

    AdminApi(Vertx vertx, Path dataDir, BatchViewLoader batch, Optional<AirflowClient> airflow,
            String token, Clock clock) {
        this.vertx = vertx;
        this.dataDir = dataDir;
        this.batch = batch;
        this.airflow = airflow;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** Reads the token and the Airflow settings from the environment and the data dir. */
    static AdminApi fromEnvironment(Vertx vertx, Path dataDir, BatchViewLoader batch,
            Map<String, String> env, Clock clock) {
        String token = env.getOrDefault("LAMBDA_ADMIN_TOKEN", "");
        if (token.isBlank()) {
            token = tokenFile(dataDir.resolve("admin-token"));
        }

        Optional<AirflowClient> airflow = Optional.empty();
        String airflowUrl = env.getOrDefault("LAMBDA_AIRFLOW_URL", "");
        if (!airflowUrl.isBlank()) {
            airflow = Optional.of(new AirflowClient(new AirflowClient.Settings(
                    URI.create(airflowUrl.endsWith("/") ? airflowUrl : airflowUrl + "/"),
                    env.getOrDefault("LAMBDA_AIRFLOW_USER", "admin"),
                    env.getOrDefault("LAMBDA_AIRFLOW_PASSWORD", ""),
                    env.getOrDefault("LAMBDA_AIRFLOW_DAG", "lambdashop_hourly"))));
            LOG.info("Admin re-runs go to Airflow at {} (DAG {})", airflowUrl,
                    airflow.get().settings().dagId());
        } else {
            LOG.info("Admin re-runs go to the embedded scheduler (no LAMBDA_AIRFLOW_URL)");
        }
        return new AdminApi(vertx, dataDir, batch, airflow, token, clock);
    }

    Router router() {
        Router router = Router.router(vertx);
        router.route().handler(this::authorize);
        router.post("/rerun").handler(this::rerun);
        router.get("/reruns/:id").handler(this::rerunState);
        router.post("/reload").handler(this::reload);
        return router;
    }

    /** Lets the request through only with the right bearer token; compares in fixed time. */
    private void authorize(RoutingContext ctx) {
        String header = Optional.ofNullable(ctx.request().getHeader("Authorization")).orElse("");
        // The scheme name is case-insensitive (RFC 7235); the token is not.
        boolean bearer = header.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length());
        byte[] given = bearer
                ? header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        if (!MessageDigest.isEqual(given, token)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"lambda-shop admin\"");
            ServingApi.sendError(ctx, 401, null, "the admin API needs the header"
                    + " 'Authorization: Bearer <token>' (LAMBDA_ADMIN_TOKEN, or the file"
                    + " admin-token in the serving layer's data dir)");
            return;
        }
        ctx.next();
    }

    private void rerun(RoutingContext ctx) {
        String from;
        String to;
        try {
            from = hour(ctx, "from");
            to = hour(ctx, "to");
            if (!parseHour(to).isAfter(parseHour(from))) {
                throw new QueryParams.BadParamException("to", "'to' must be after 'from'"
                        + " (to is exclusive: from=2010-12-01T08&to=2010-12-01T09 is one hour)");
            }
            if (Duration.between(parseHour(from), parseHour(to)).compareTo(LONGEST_RANGE) > 0) {
                throw new QueryParams.BadParamException("to", "the range is longer than "
                        + LONGEST_RANGE.toDays() + " days; split it into several re-runs");
            }
        } catch (QueryParams.BadParamException e) {
            ServingApi.sendError(ctx, 400, e.param(), e.getMessage());
            return;
        }

        Instant now = clock.instant();
        vertx.executeBlocking(() -> airflow.isPresent()
                ? viaAirflow(airflow.get(), from, to, now) : queue(from, to, now), false)
                .onSuccess(answer -> ctx.response().setStatusCode(202)
                        .putHeader("Content-Type", "application/json; charset=utf-8")
                        .end(Json.write(answer)))
                .onFailure(e -> {
                    LOG.error("Re-run of {}..{} could not be started", from, to, e);
                    ServingApi.sendError(ctx, 502, null, e.getMessage());
                });
    }

    private static JsonNode viaAirflow(AirflowClient client, String from, String to,
            Instant now) {
        AirflowClient.DagRun run = client.triggerBatch(from, to, now);
        ObjectNode answer = Json.object();
        answer.put("via", "airflow");
        answer.put("from", from);
        answer.put("to", to);
        answer.put("dag_id", run.dagId());
        answer.put("dag_run_id", run.runId());
        answer.put("state", run.state());
        return answer;
    }

    /** Writes the request file the embedded scheduler picks up (batch-layer RerunRequests). */
    private JsonNode queue(String from, String to, Instant now) {
        String id = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
                .withZone(ZoneOffset.UTC).format(now) + "-" + HexFormat.of()
                .formatHex(new SecureRandom().generateSeed(3));
        ObjectNode request = Json.object();
        request.put("id", id);
        request.put("from", from);
        request.put("to", to);
        request.put("requested_at", now.toString());
        request.put("state", "queued");
        writeAtomically(rerunFolder().resolve(id + ".json"), Json.write(request));
        LOG.info("Queued re-run {} of {}..{} for the embedded scheduler", id, from, to);

        ObjectNode answer = request.deepCopy();
        answer.put("via", "embedded-scheduler");
        answer.put("status_url", "/api/admin/reruns/" + id);
        return answer;
    }

    private void rerunState(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Path file = rerunFolder().resolve(id + ".json");
        if (!REQUEST_ID.matcher(id).matches() || !Files.isRegularFile(file)) {
            ServingApi.sendError(ctx, 404, "id", "no re-run request " + id);
            return;
        }
        vertx.executeBlocking(() -> Files.readString(file, StandardCharsets.UTF_8), false)
                .onSuccess(json -> ctx.response()
                        .putHeader("Content-Type", "application/json; charset=utf-8").end(json))
                .onFailure(e -> ServingApi.sendError(ctx, 500, null, e.toString()));
    }

    /** Reloads the batch views now; 503 if Hive cannot be reached (the caller retries). */
    private void reload(RoutingContext ctx) {
        vertx.executeBlocking(() -> {
            batch.refresh();
            if (!batch.hiveReachable()) {
                throw new IllegalStateException("Hive cannot be reached: " + batch.hiveError());
            }
            BatchViews views = batch.current();
            ObjectNode answer = Json.object();
            Json.putInstant(answer, "boundary", views.boundary());
            answer.put("version", views.version());
            answer.put("rows", views.rowCount());
            Json.putInstant(answer, "loaded_at", batch.loadedAt());
            return Json.write(answer);
        }, false).onSuccess(json -> ctx.response()
                .putHeader("Content-Type", "application/json; charset=utf-8").end(json))
                .onFailure(e -> ServingApi.sendError(ctx, 503, null, e.getMessage()));
    }

    private Path rerunFolder() {
        return dataDir.resolve("requests").resolve("rerun");
    }

    private static String hour(RoutingContext ctx, String name) {
        if (ctx.queryParams().getAll(name).size() > 1) {
            throw new QueryParams.BadParamException(name, "'" + name + "' is given twice");
        }
        String value = ctx.queryParams().get(name);
        if (value == null || !HOUR.matcher(value).matches()) {
            throw new QueryParams.BadParamException(name, "'" + name + "' must be an hour"
                    + " like 2010-12-01T08 (UTC), not '" + value + "'");
        }
        parseHour(value);
        return value;
    }

    private static Instant parseHour(String hour) {
        try {
            return LocalDateTime.parse(hour, HOUR_FORMAT).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new QueryParams.BadParamException("hour", "'" + hour + "' is not an hour"
                    + " like 2010-12-01T08");
        }
    }

    /** The token kept in {@code file}, made on first use: 32 random bytes in hex. */
    private static String tokenFile(Path file) {
        try {
            if (!Files.exists(file)) {
                // Created readable by its owner before the secret is written into it.
                Files.createDirectories(file.toAbsolutePath().getParent());
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(file);
                    LOG.warn("Cannot restrict {} to its owner on this file system", file);
                }
                String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
                Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
                LOG.info("Created the admin token in {}", file);
            }
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the admin token " + file, e);
        }
    }

    private static void writeAtomically(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
