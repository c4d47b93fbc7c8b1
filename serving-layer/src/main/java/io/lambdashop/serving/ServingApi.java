package io.lambdashop.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The HTTP API and the dashboard's static files. Every answer is JSON; figures come from
 * {@link LayerMerge} over the batch views in service and the speed views, so all routes
 * follow the same boundary rule.
 */
public final class ServingApi {

    private static final Logger LOG = LoggerFactory.getLogger(ServingApi.class);

    static final String JSON = "application/json; charset=utf-8";

    private final Vertx vertx;
    private final BatchViewLoader batch;
    private final SpeedViews speed;
    private final SpeedViewConsumer speedConsumer;
    private final Path dataDir;
    private final Clock clock;
    private final LiveUpdates live;
    private volatile Instant reportsRenderedAt;

    public ServingApi(Vertx vertx, BatchViewLoader batch, SpeedViews speed,
            SpeedViewConsumer speedConsumer, Path dataDir, Clock clock) {
        this.vertx = vertx;
        this.batch = batch;
        this.speed = speed;
        this.speedConsumer = speedConsumer;
        this.dataDir = dataDir;
        this.clock = clock;
        this.live = new LiveUpdates(vertx, this::liveSummary, dataDir);
    }

    /** The event stream of {@code /api/live}: call its {@code changed()} on every change. */
    public LiveUpdates live() {
        return live;
    }

    /** All routes, declared together. */
    public Router router() {
        Router router = Router.router(vertx);
        router.get("/api/stats").handler(this::stats);
        router.get("/api/categories").handler(ctx -> byKey(ctx, "category"));
        router.get("/api/cities").handler(ctx -> byKey(ctx, "city"));
        router.get("/api/countries").handler(ctx -> byKey(ctx, "country"));
        router.get("/api/payments").handler(ctx -> byKey(ctx, "payment_method"));
        router.get("/api/timeseries").handler(this::timeseries);
        router.get("/api/transactions/top").handler(this::topTransactions);
        router.get("/api/products").handler(this::topProducts);
        router.get("/api/health").handler(this::health);
        router.get("/api/live").handler(live::open);
        new ReportRoutes(dataDir).addTo(router);
        router.route("/api/admin/*").subRouter(AdminApi.fromEnvironment(vertx, dataDir, batch,
                System.getenv(), clock).router());
        router.route("/api/*").handler(ctx -> sendError(ctx, 404, null,
                "no such API route: " + ctx.request().path()));
        addDashboardRoutes(router);
        return router;
    }

    /** The dashboard's page and assets, all from the classpath: the page works offline. */
    static void addDashboardRoutes(Router router) {
        // A webjar's path holds its version: a browser may keep it for a day.
        router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));

        // Our own page and scripts keep their paths from one release to the next: a browser
        // must ask again each time, or it would run yesterday's dashboard after an upgrade.
        router.route("/*").handler(ctx -> {
            ctx.response().putHeader("Cache-Control", "no-cache");
            ctx.next();
        });
        router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    }

    private void stats(RoutingContext ctx) {
        answer(ctx, params -> {
            TimeRange range = QueryParams.range(params, clock.instant());
            BatchViews views = batch.current();
            LayerMerge.Totals totals = LayerMerge.totals(views, speed, range, views.boundary());

            ObjectNode body = rangeHeader(range, views);
            Json.putMoney(body, "revenue", totals.revenue());
            body.put("transactions", totals.transactions());
            body.put("units", totals.units());
            body.put("unique_users", totals.uniqueUsers());
            Json.putMoney(body, "average_amount", totals.averageAmount());
            body.put("returns", totals.returns());
            Json.putMoney(body, "returned_amount", totals.returnedAmount());
            ObjectNode sources = body.putObject("sources");
            sources.put("batch_minutes", totals.batchMinutes());
            sources.put("speed_minutes", totals.speedMinutes());
            return body;
        });
    }

    private void byKey(RoutingContext ctx, String dimension) {
        answer(ctx, params -> {
            TimeRange range = QueryParams.range(params, clock.instant());
            BatchViews views = batch.current();
            List<LayerMerge.KeyTotals> keys = LayerMerge.byKey(views, speed, dimension, range,
                    views.boundary());

            ObjectNode body = rangeHeader(range, views);
            body.put("dimension", dimension);
            ArrayNode items = body.putArray("items");
            for (LayerMerge.KeyTotals key : keys) {
                ObjectNode item = items.addObject();
                item.put("key", key.key());
                Json.putMoney(item, "revenue", key.revenue());
                item.put("transactions", key.transactions());
                item.put("units", key.units());
            }
            return body;
        });
    }

    private void timeseries(RoutingContext ctx) {
        answer(ctx, params -> {
            TimeRange range = QueryParams.range(params, clock.instant());
            LayerMerge.Grain grain = QueryParams.grain(params);
            BatchViews views = batch.current();
            List<LayerMerge.Bucket> buckets = LayerMerge.timeseries(views, speed, range,
                    views.boundary(), grain);

            ObjectNode body = rangeHeader(range, views);
            body.put("grain", grain.name().toLowerCase(java.util.Locale.ROOT));
            ArrayNode items = body.putArray("buckets");
            for (LayerMerge.Bucket bucket : buckets) {
                ObjectNode item = items.addObject();
                Json.putInstant(item, "start", bucket.start());
                Json.putMoney(item, "revenue", bucket.revenue());
                item.put("transactions", bucket.transactions());
                item.put("source", bucket.source().jsonName());
            }
            return body;
        });
    }

    private void topTransactions(RoutingContext ctx) {
        answer(ctx, params -> {
            TimeRange range = QueryParams.range(params, clock.instant());
            int limit = QueryParams.limit(params);
            BatchViews views = batch.current();
            LayerMerge.Split split = LayerMerge.split(range, views.boundary());

            // NOTE: without Hive the speed side still answers, and the answer says it is
            // incomplete rather than failing as a whole.
            List<TopTransaction> batchTop = List.of();
            boolean batchAvailable = true;
            try {
                batchTop = batch.topCandidates(split.batch());
            } catch (SQLException e) {
                batchAvailable = false;
                LOG.warn("Top transactions of {} answered without the batch side: Hive"
                        + " failed: {}", split.batch(), e.getMessage());
            }
            List<TopTransaction> top = LayerMerge.top(batchTop, speed.topCandidates(), range,
                    views.boundary(), limit);

            ObjectNode body = rangeHeader(range, views);
            body.put("limit", limit);
            body.put("batch_available", batchAvailable);
            ArrayNode items = body.putArray("transactions");
            for (TopTransaction t : top) {
                ObjectNode item = items.addObject();
                item.put("transaction_id", t.transactionId());
                Json.putInstant(item, "event_time", t.eventTime());
                Json.putMoney(item, "amount", t.amount());
                item.put("quantity", t.quantity());
                item.put("product_id", t.productId());
                item.put("product_name", t.productName());
                item.put("category", t.category());
                item.put("city", t.city());
                item.put("country", t.country());
                item.put("payment_method", t.paymentMethod());
                item.put("source", split.batch().contains(t.eventTime()) ? "batch" : "speed");
            }
            return body;
        });
    }

    /**
     * The products with the largest revenue. The speed views carry no product dimension, so
     * after the boundary only the speed layer's largest transactions of each minute count
     * (see {@link LayerMerge#topProducts}); the answer says so in {@code speed_side}.
     */
    private void topProducts(RoutingContext ctx) {
        answer(ctx, params -> {
            TimeRange range = QueryParams.range(params, clock.instant());
            int limit = QueryParams.limit(params);
            BatchViews views = batch.current();
            LayerMerge.Split split = LayerMerge.split(range, views.boundary());

            List<LayerMerge.ProductTotals> batchProducts = List.of();
            boolean batchAvailable = true;
            try {
                batchProducts = batch.topProducts(split.batch());
            } catch (SQLException e) {
                batchAvailable = false;
                LOG.warn("Top products of {} answered without the batch side: Hive failed: {}",
                        split.batch(), e.getMessage());
            }
            List<LayerMerge.ProductTotals> top = LayerMerge.topProducts(batchProducts,
                    speed.topCandidates(), range, views.boundary(), limit);

            ObjectNode body = rangeHeader(range, views);
            body.put("limit", limit);
            body.put("batch_available", batchAvailable);
            body.put("speed_side", split.speed().isEmpty() ? "none"
                    : "largest transactions of each minute only");
            ArrayNode items = body.putArray("items");
            for (LayerMerge.ProductTotals product : top) {
                ObjectNode item = items.addObject();
                item.put("product_id", product.productId());
                item.put("product_name", product.productName());
                Json.putMoney(item, "revenue", product.revenue());
                item.put("transactions", product.transactions());
                item.put("units", product.units());
            }
            return body;
        });
    }

    /**
     * Tells open pages that a run of the scheduled reports has ended: the report files are
     * written after the batch version they come from is in service, so the version alone
     * cannot tell a page when to list them again.
     */
    void reportsRendered() {
        reportsRenderedAt = clock.instant();
        live.changed();
    }

    /** What each {@code /api/live} event carries: enough to tell what moved. */
    private ObjectNode liveSummary() {
        BatchViews views = batch.current();
        ObjectNode body = Json.object();
        Json.putInstant(body, "newest_window", speed.newestWindow());
        Json.putInstant(body, "boundary", views.boundary());
        body.put("batch_version", views.version());
        body.put("dead_letters", speedConsumer.deadLetters());
        Json.putInstant(body, "reports_rendered_at", reportsRenderedAt);
        Json.putInstant(body, "sent_at", clock.instant());
        return body;
    }

    private void health(RoutingContext ctx) {
        answer(ctx, params -> {
            Instant now = clock.instant();
            BatchViews views = batch.current();
            List<String> problems = new java.util.ArrayList<>();
            if (!speedConsumer.kafkaReachable()) {
                problems.add("Kafka cannot be reached: " + speedConsumer.kafkaError());
            }
            if (!batch.hiveReachable() || batch.hiveError() != null) {
                problems.add("Hive cannot be reached: " + batch.hiveError());
            }
            problems.addAll(StatusFiles.staleJobs(dataDir, now));

            ObjectNode body = Json.object();
            body.put("status", problems.isEmpty() ? "ok" : "degraded");
            ArrayNode problemList = body.putArray("problems");
            problems.forEach(problemList::add);
            ObjectNode kafka = body.putObject("kafka");
            kafka.put("reachable", speedConsumer.kafkaReachable());
            kafka.put("error", speedConsumer.kafkaError());
            ObjectNode hive = body.putObject("hive");
            hive.put("reachable", batch.hiveReachable());
            hive.put("error", batch.hiveError());
            Json.putInstant(hive, "last_check", batch.lastCheck());

            ObjectNode batchNode = body.putObject("batch");
            Json.putInstant(batchNode, "boundary", views.boundary());
            batchNode.put("version", views.version());
            batchNode.put("rows", views.rowCount());
            Json.putInstant(batchNode, "loaded_at", batch.loadedAt());
            batchNode.put("mode", views.boundary() == null ? "speed views only"
                    : "batch views before the boundary, speed views after");

            ObjectNode speedNode = body.putObject("speed");
            Instant newest = speed.newestWindow();
            Json.putInstant(speedNode, "newest_window", newest);
            if (newest == null) {
                speedNode.putNull("newest_window_age_seconds");
            } else {
                speedNode.put("newest_window_age_seconds",
                        Duration.between(newest, now).toSeconds());
            }
            speedNode.put("rows", speed.size());
            speedNode.put("unreadable_records", speedConsumer.badRecords());
            StatusFiles.SpeedLayerStatus status = StatusFiles.speedLayer(dataDir);
            speedNode.put("layer_lag", status == null ? null : status.lag());
            Json.putInstant(speedNode, "layer_status_updated_at",
                    status == null ? null : status.updatedAt());

            body.put("dead_letters", speedConsumer.deadLetters());
            body.put("late_events_dropped", StatusFiles.lateEventsDropped(dataDir));
            body.put("live_clients", live.clientCount());
            return body;
        });
    }

    /** The fields every range answer starts with. */
    private static ObjectNode rangeHeader(TimeRange range, BatchViews views) {
        ObjectNode body = Json.object();
        Json.putInstant(body, "from", range.from());
        Json.putInstant(body, "to", range.to());
        Json.putInstant(body, "boundary", views.boundary());
        body.put("batch_version", views.version());
        return body;
    }

    /**
     * Computes an answer off the event loop (merges over long ranges and Hive queries take
     * time) and sends it; a bad parameter becomes a 400 naming it.
     */
    private void answer(RoutingContext ctx, Function<Function<String, String>, JsonNode> body) {
        Function<String, String> params = name -> ctx.queryParams().get(name);
        vertx.executeBlocking(() -> Json.write(body.apply(params)), false)
                .onSuccess(json -> ctx.response().putHeader("Content-Type", JSON).end(json))
                .onFailure(e -> {
                    if (e instanceof QueryParams.BadParamException bad) {
                        sendError(ctx, 400, bad.param(), bad.getMessage());
                    } else {
                        LOG.error("Failed to answer {}", ctx.request().uri(), e);
                        sendError(ctx, 500, null, "internal error: " + e);
                    }
                });
    }

    /** The one way errors are sent: {@code {"error": ..., "param": ...}}. */
    static void sendError(RoutingContext ctx, int status, String param,
            String message) {
        ObjectNode body = Json.object();
        body.put("error", message);
        if (param != null) {
            body.put("param", param);
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", JSON)
                .end(Json.write(body));
    }
}
