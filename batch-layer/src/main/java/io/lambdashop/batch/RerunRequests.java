package io.lambdashop.batch;

import io.lambdashop.model.Money;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Re-runs of an hour range asked for by an operator, on one machine: the serving layer's
 * admin API drops a request file in {@code <data>/requests/rerun/}, and the embedded
 * scheduler, which owns the batch job there, carries it out on its next round.
 *
 * <p>A request file moves through states {@code queued -> running -> done | failed}; the
 * file keeps the outcome (transactions, revenue, batch version or the error), so the admin
 * API can answer "how did my re-run go" from it.
 */
final class RerunRequests {

    private static final Logger LOG = LoggerFactory.getLogger(RerunRequests.class);

    private final Path folder;

    RerunRequests(Path dataDir) {
        this.folder = dataDir.resolve("requests").resolve("rerun");
    }

    /**
     * Runs every queued request, oldest first, with {@code job}.
     *
     * @return how many were carried out (done or failed)
     */
    int runQueued(Function<HourRange, BatchJob.Result> job) {
        int handled = 0;
        for (Path file : queued()) {
            ObjectNode request;
            try {
                request = (ObjectNode) Json.read(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException | ClassCastException e) {
                LOG.warn("Ignoring unreadable re-run request {}: {}", file, e.getMessage());
                continue;
            }
            run(file, request, job);
            handled++;
        }
        return handled;
    }

    private void run(Path file, ObjectNode request, Function<HourRange, BatchJob.Result> job) {
        HourRange range;
        try {
            range = HourRange.parse(request.path("from").asText(), request.path("to").asText());
        } catch (IllegalArgumentException e) {
            finish(file, request, "failed", e.getMessage());
            return;
        }

        request.put("state", "running");
        request.put("started_at", Instant.now().toString());
        Json.writeAtomically(file, request);
        LOG.info("Re-running {} as requested ({})", range, file.getFileName());
        try {
            BatchJob.Result result = job.apply(range);
            request.put("transactions", result.transactions());
            // Written as the API writes money: exact, at least cents, no trailing zeros.
            request.put("revenue", new BigDecimal(Money.format(result.revenue())));
            request.put("version", result.version());
            request.put("boundary", result.boundary().map(Instant::toString).orElse(null));
            finish(file, request, "done", null);
            LOG.info("Re-run {} done: {}", file.getFileName(), result.summary());
        } catch (RuntimeException e) {
            finish(file, request, "failed", e.toString());
            LOG.error("Re-run {} of {} failed", file.getFileName(), range, e);
        }
    }

    private static void finish(Path file, ObjectNode request, String state, String error) {
        request.put("state", state);
        request.put("finished_at", Instant.now().toString());
        if (error != null) {
            request.put("error", error);
        }
        Json.writeAtomically(file, request);
    }

    /** The queued requests, oldest first (their names start with the request time). */
    private List<Path> queued() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .filter(RerunRequests::isQueued)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder, e);
        }
    }

    private static boolean isQueued(Path file) {
        try {
            JsonNode request = Json.read(Files.readString(file, StandardCharsets.UTF_8));
            return "queued".equals(request.path("state").asText());
        } catch (IOException e) {
            return false;
        }
    }
}
