package io.lambdashop.ingest;

import io.lambdashop.model.EventJson;
import io.lambdashop.model.Topics;
import io.lambdashop.model.TransactionEvent;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Publishes synthetic events at a steady rate, with event time now, until a count or a
 * duration is reached or a stop is requested.
 */
final class Generator {

    private final SyntheticEvents events;
    private final KafkaPublisher publisher;
    private final StopSignal stop;

    Generator(SyntheticEvents events, KafkaPublisher publisher, StopSignal stop) {
        this.events = events;
        this.publisher = publisher;
        this.stop = stop;
    }

    /**
     * @param ratePerSecond events per second
     * @param count         how many events, or null for no limit
     * @param duration      for how long, or null for no limit
     * @throws IngestException if Kafka does not take the events
     */
    RunSummary run(double ratePerSecond, Long count, Duration duration) {
        long startNanos = System.nanoTime();
        Pacer pacer = new Pacer(stop::stopRequested);
        long total = count == null ? -1 : count;
        long published = 0;
        try (Progress progress = new Progress("generate", total)) {
            while (count == null || published < count) {
                Duration offset = Pacer.rateOffset(published, ratePerSecond);
                if (duration != null && offset.compareTo(duration) >= 0) {
                    break;
                }
                if (!pacer.awaitOffset(offset)) {
                    break;
                }

                // Millisecond precision is what the layers keep of an event time anyway.
                TransactionEvent event = events.next(Instant.now().truncatedTo(ChronoUnit.MILLIS));
                publisher.send(Topics.TRANSACTIONS, event.transactionId(),
                        EventJson.toJson(event));
                published++;
                progress.step();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }

        publisher.flush();
        return new RunSummary(-1, published, 0, Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
