package io.lambdashop.serving;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The serving layer: merges the batch views (Hive) and the speed views (Kafka) at the batch
 * boundary and serves them as a JSON API and a dashboard.
 *
 * <p>Options: {@code --data-dir} (./data), {@code --host} (127.0.0.1), {@code --port} (8080),
 * {@code --bootstrap} (127.0.0.1:9092), {@code --hive-url}
 * (jdbc:hive2://127.0.0.1:10000/default), {@code --refresh} (seconds between batch checks, 5).
 */
public final class ServingLayer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServingLayer.class);

    /** The command-line options, with the defaults of ARCHITECTURE.md. */
    public record Options(Path dataDir, String host, int port, String bootstrap,
            String hiveUrl, Duration refresh) {

        /** The defaults: a bare start works beside the embedded stack. */
        public static Options defaults() {
            return new Options(Path.of("data"), "127.0.0.1", 8080, "127.0.0.1:9092",
                    "jdbc:hive2://127.0.0.1:10000/default", Duration.ofSeconds(5));
        }

        /**
         * Parses {@code --name value} pairs over the defaults.
         *
         * @throws IllegalArgumentException naming the option that cannot be used
         */
        public static Options parse(String... args) {
            Options o = defaults();
            for (int i = 0; i < args.length; i += 2) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + name + " needs a value");
                }
                String value = args[i + 1];
                o = switch (name) {
                    case "--data-dir" -> new Options(Path.of(value), o.host, o.port,
                            o.bootstrap, o.hiveUrl, o.refresh);
                    case "--host" -> new Options(o.dataDir, value, o.port, o.bootstrap,
                            o.hiveUrl, o.refresh);
                    case "--port" -> new Options(o.dataDir, o.host, number(name, value),
                            o.bootstrap, o.hiveUrl, o.refresh);
                    case "--bootstrap" -> new Options(o.dataDir, o.host, o.port, value,
                            o.hiveUrl, o.refresh);
                    case "--hive-url" -> new Options(o.dataDir, o.host, o.port, o.bootstrap,
                            value, o.refresh);
                    case "--refresh" -> new Options(o.dataDir, o.host, o.port, o.bootstrap,
                            o.hiveUrl, Duration.ofSeconds(number(name, value)));
                    default -> throw new IllegalArgumentException("unknown option " + name
                            + "; known: --data-dir --host --port --bootstrap --hive-url"
                            + " --refresh");
                };
            }
            return o;
        }

        private static int number(String name, String value) {
            try {
                int number = Integer.parseInt(value);
                if (number < 0) {
                    throw new NumberFormatException();
                }
                return number;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + name
                        + " needs a whole number >= 0, not '" + value + "'");
            }
        }
    }

    private final Vertx vertx;
    private final LiveUpdates live;
    private final HiveClient hive;
    private final SpeedViewConsumer speedConsumer;
    private final ScheduledExecutorService refresher;
    private final HttpServer server;
    private final ReportTrigger reports;

    private ServingLayer(Vertx vertx, LiveUpdates live, HiveClient hive,
            SpeedViewConsumer speedConsumer, ScheduledExecutorService refresher,
            HttpServer server, ReportTrigger reports) {
        this.vertx = vertx;
        this.live = live;
        this.hive = hive;
        this.speedConsumer = speedConsumer;
        this.refresher = refresher;
        this.server = server;
        this.reports = reports;
    }

    /** Starts every part and returns once the HTTP server listens. */
    public static ServingLayer start(Options options) {
        Classpaths.checkLogging();

        // The batch side: checked at once (in the background), then every refresh interval.
        HiveClient hive = new HiveClient(options.hiveUrl());
        BatchViewLoader batch = new BatchViewLoader(hive);
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "batch-view-refresher");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(batch::refresh, 0, options.refresh().toMillis(),
                TimeUnit.MILLISECONDS);

        // The speed side: its own thread, reading the speed topics from the beginning.
        SpeedViews speed = new SpeedViews();
        SpeedViewConsumer speedConsumer = new SpeedViewConsumer(options.bootstrap(), speed,
                () -> batch.current().boundary(), options.refresh());
        speedConsumer.start();

        Vertx vertx = Vertx.vertx();
        ServingApi api = new ServingApi(vertx, batch, speed, speedConsumer, options.dataDir(),
                Clock.systemUTC());
        // Pages listening on /api/live hear of every change at once: no polling.
        speedConsumer.onUpdate(api.live()::changed);
        batch.onLoad(api.live()::changed);
        HttpServer server = vertx.createHttpServer()
                .requestHandler(api.router())
                .listen(options.port(), options.host())
                .await();
        LOG.info("Serving layer listening on http://{}:{}/ (Kafka {}, Hive {}, batch check"
                + " every {} s)", options.host(), server.actualPort(), options.bootstrap(),
                options.hiveUrl(), options.refresh().toSeconds());

        // Reports of complete periods, rendered from this API once new batch views are in.
        ReportTrigger reports = new ReportTrigger(batch, options.dataDir(),
                "http://" + options.host() + ":" + server.actualPort(), api::reportsRendered);
        refresher.scheduleWithFixedDelay(reports::check, options.refresh().toMillis(),
                options.refresh().toMillis(), TimeUnit.MILLISECONDS);
        return new ServingLayer(vertx, api.live(), hive, speedConsumer, refresher, server,
                reports);
    }

    /** The port the HTTP server listens on. */
    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        // Live streams never end on their own: end them so that the server can close.
        live.close();
        vertx.close().await();
        refresher.shutdownNow();
        reports.close();
        speedConsumer.close();
        hive.close();
        LOG.info("Serving layer stopped");
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("serving-layer: " + e.getMessage());
            System.exit(2);
            return;
        }
        ServingLayer servingLayer = start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            servingLayer.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
