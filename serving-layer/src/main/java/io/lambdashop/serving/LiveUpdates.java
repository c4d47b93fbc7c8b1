package io.lambdashop.serving;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Server-Sent Events for the dashboard ({@code GET /api/live}): a small {@code changed} event
 * each time the speed views, the batch views, the dead letters or the late-event count
 * change, or a run of the scheduled reports ends, so that open pages fetch their figures
 * again at once instead of polling.
 *
 * <p>Changes are coalesced: a burst of speed-view records (a replay sends thousands a second)
 * becomes at most one event per {@link #COALESCE} window, sent at its end.
 */
public final class LiveUpdates implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveUpdates.class);

    /** Longest wait between a change and its event; also the shortest gap between events. */
    static final Duration COALESCE = Duration.ofMillis(250);

    /** A comment line this often keeps proxies and browsers from closing an idle stream. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    /** How often the speed layer's status file is read for late events dropped. */
    private static final Duration STATUS_CHECK = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final Supplier<ObjectNode> summary;
    private final Path dataDir;
    private final Set<HttpServerResponse> clients = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final long heartbeatTimer;
    private final long statusTimer;

    private volatile Long lateEventsDropped;

    /**
     * @param summary the few figures each event carries (newest window, boundary, ...),
     *                built on an event-loop thread: it must be cheap
     */
    public LiveUpdates(Vertx vertx, Supplier<ObjectNode> summary, Path dataDir) {
        this.vertx = vertx;
        this.summary = summary;
        this.dataDir = dataDir;
        this.heartbeatTimer = vertx.setPeriodic(HEARTBEAT.toMillis(), id -> heartbeat());
        this.statusTimer = vertx.setPeriodic(STATUS_CHECK.toMillis(), id -> checkStatusFile());
    }

    /** Opens an event stream; the first event ({@code hello}) carries the current summary. */
    public void open(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache");
        clients.add(response);
        response.closeHandler(v -> clients.remove(response));
        // retry: how long a browser waits before reconnecting after the server went away.
        response.write("retry: 2000\n" + event("hello"));
        LOG.debug("Live client connected from {} ({} open)", ctx.request().remoteAddress(),
                clients.size());
    }

    /** Notes a change; safe from any thread, returns at once. */
    public void changed() {
        if (pending.compareAndSet(false, true)) {
            vertx.setTimer(COALESCE.toMillis(), id -> {
                pending.set(false);
                broadcast(event("changed"));
            });
        }
    }

    /** How many pages are listening. */
    public int clientCount() {
        return clients.size();
    }

    private void heartbeat() {
        broadcast(": still here\n\n");
    }

    private void checkStatusFile() {
        vertx.executeBlocking(() -> Objects.requireNonNullElse(
                StatusFiles.lateEventsDropped(dataDir), -1L), false)
                .onSuccess(dropped -> {
                    Long known = lateEventsDropped;
                    lateEventsDropped = dropped;
                    if (known != null && !known.equals(dropped)) {
                        changed();
                    }
                });
    }

    private String event(String name) {
        return "event: " + name + "\ndata: " + Json.write(summary.get()) + "\n\n";
    }

    private void broadcast(String text) {
        for (HttpServerResponse client : clients) {
            if (client.closed() || client.ended()) {
                clients.remove(client);
                continue;
            }
            client.write(text);
        }
    }

    @Override
    public void close() {
        vertx.cancelTimer(heartbeatTimer);
        vertx.cancelTimer(statusTimer);
        for (HttpServerResponse client : clients) {
            if (!client.closed() && !client.ended()) {
                client.end();
            }
        }
        clients.clear();
    }
}
