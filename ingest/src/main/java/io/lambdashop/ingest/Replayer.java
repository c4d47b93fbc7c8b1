package io.lambdashop.ingest;

import io.lambdashop.model.EventJson;
import io.lambdashop.model.OnlineRetailCsv;
import io.lambdashop.model.Topics;
import io.lambdashop.model.TransactionEvent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Replays Online Retail files into Kafka: each line becomes an event on {@code transactions}
 * keyed by its transaction id, or a dead letter on {@code transactions.dlq} if it cannot.
 *
 * <p>Optionally paced at a multiple of event time and rebased (see {@link Rebase}). Pacing
 * uses the original event times, so a rebase never changes the rhythm of a replay.
 */
final class Replayer {

    private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);

    private final OnlineRetailCsv csv;
    private final KafkaPublisher publisher;
    private final Double speed;
    private final Rebase rebase;
    private final StopSignal stop;

    private Pacer pacer;
    private Instant firstEventTime;
    private long published;
    private long rejected;
    private final List<String> unreadable = new java.util.ArrayList<>();

    /**
     * @param speed  replay at this many times event time; null for as fast as possible
     * @param rebase how to move events in time; null to keep their times and ids
     */
    Replayer(OnlineRetailCsv csv, KafkaPublisher publisher, Double speed, Rebase rebase,
            StopSignal stop) {
        this.csv = csv;
        this.publisher = publisher;
        this.speed = speed;
        this.rebase = rebase;
        this.stop = stop;
    }

    /**
     * Replays the files in order and waits until Kafka has acknowledged every record.
     *
     * @throws IngestException if Kafka does not take the records
     */
    RunSummary replay(List<Path> files) {
        long startNanos = System.nanoTime();
        pacer = new Pacer(stop::stopRequested);
        int filesRead = 0;
        try (Progress progress = new Progress("replay", -1)) {
            for (Path file : files) {
                if (stop.stopRequested()) {
                    break;
                }
                filesRead++;
                progress.note("file " + filesRead + "/" + files.size() + " " + file.getFileName());
                try {
                    replayFile(file, progress);
                } catch (OnlineRetailCsv.UnreadableFileException e) {
                    // The other files are fine: replay them, and say so at the end.
                    LOG.error("Skipping the rest of a file: {}", e.getMessage());
                    unreadable.add(e.getMessage());
                }
            }
        } catch (StopReplay stopped) {
            LOG.info("Stop requested: replay ends after {} events", published);
        }

        publisher.flush();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        if (rejected > 0) {
            LOG.warn("{} lines could not be mapped to events; they are in {} with the reason",
                    rejected, Topics.DEAD_LETTERS);
        }
        return new RunSummary(filesRead, published, rejected, elapsed, unreadable);
    }

    private void replayFile(Path file, Progress progress) {
        String fileName = file.toString();
        csv.read(file, line -> {
            if (stop.stopRequested()) {
                throw new StopReplay();
            }

            if (!line.result().isValid()) {
                LOG.debug("Line {} of {} rejected: {}", line.lineNumber(), fileName,
                        line.result().rejection());
                // No transaction id can be trusted on a bad line: the dead letter has no key.
                publisher.send(Topics.DEAD_LETTERS, null, DeadLetter.forReplayLine(
                        line.result().rejection(), line.raw(), fileName, line.lineNumber()));
                rejected++;
                return;
            }

            TransactionEvent event = line.result().event();
            awaitTurn(event.eventTime());
            if (rebase != null) {
                event = rebase.apply(event);
            }
            publisher.send(Topics.TRANSACTIONS, event.transactionId(), EventJson.toJson(event));
            published++;
            progress.step();
        });
    }

    /** With a speed, holds the event back until its event-time offset / speed has passed. */
    private void awaitTurn(Instant eventTime) {
        if (firstEventTime == null) {
            firstEventTime = eventTime;
            pacer.start();
        }
        if (speed == null) {
            return;
        }
        try {
            if (!pacer.awaitOffset(Pacer.replayOffset(firstEventTime, eventTime, speed))) {
                throw new StopReplay();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StopReplay();
        }
    }

    /** Leaves the line callback of {@link OnlineRetailCsv#read} when a stop is requested. */
    private static final class StopReplay extends RuntimeException {
        StopReplay() {
            super(null, null, false, false);
        }
    }
}
