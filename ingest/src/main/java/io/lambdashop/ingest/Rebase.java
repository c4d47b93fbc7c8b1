package io.lambdashop.ingest;

import io.lambdashop.model.TransactionEvent;

import java.time.Duration;
import java.time.Instant;

/**
 * Moves a replay in time: every event is shifted by the same amount, so that the first event
 * of the replay happens at the rebase instant and the gaps between events are kept.
 *
 * <p>A shifted event also gets a new transaction id: the original id plus
 * {@code @<epoch seconds of the rebase instant>}. The batch layer keeps each transaction id
 * once, so without the suffix a second replay of the same file, rebased to a later time,
 * would be taken as a duplicate delivery of the first and dropped, although its events lie in
 * other hours. With it, each rebased replay is a stream of its own, while replaying twice
 * to the same instant still yields the same ids and is deduplicated as it should be.
 */
final class Rebase {

    private final Instant target;
    private final String idSuffix;
    private Duration shift;

    private Rebase(Instant target) {
        this.target = target;
        this.idSuffix = "@" + target.getEpochSecond();
    }

    /** A rebase that puts the first event it sees at {@code target}. */
    static Rebase to(Instant target) {
        return new Rebase(target);
    }

    Instant target() {
        return target;
    }

    /** The suffix appended to every transaction id, e.g. {@code @1796320800}. */
    String idSuffix() {
        return idSuffix;
    }

    /** The shift, fixed by the first event applied; null before that. */
    Duration shift() {
        return shift;
    }

    /** The event moved in time and renamed; the first call fixes the shift. */
    TransactionEvent apply(TransactionEvent event) {
        if (shift == null) {
            shift = Duration.between(event.eventTime(), target);
        }
        return new TransactionEvent(event.transactionId() + idSuffix, event.orderId(),
                event.userId(), event.productId(), event.productName(), event.category(),
                event.city(), event.country(), event.paymentMethod(), event.quantity(),
                event.unitPrice(), event.amount(), event.eventTime().plus(shift));
    }
}
