package io.lambdashop.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.NavigableSet;
import java.util.Optional;

/**
 * The batch boundary rule of ARCHITECTURE.md: every hour before the boundary is answered by
 * batch views, every minute from it on by speed views.
 *
 * <ul>
 *   <li>If some hour has master data not batched since it last changed, the boundary is the
 *       start of the earliest such hour: the batch views are not right from there on.</li>
 *   <li>Otherwise it is the end of the last hour complete in event time, the archiver's
 *       largest event time minus the allowed lateness, rounded down to the hour.</li>
 *   <li>It never moves backwards. An hour below it that gets late data keeps its (stale)
 *       batch view until the scheduler batches it again; moving the boundary back would make
 *       the serving layer ask speed views that have long expired.</li>
 * </ul>
 */
public final class BatchBoundary {

    /** The outcome, and why, for the log and the status file. */
    public record Decision(Optional<Instant> boundary, boolean moved, String reason) {
    }

    private BatchBoundary() {
    }

    /**
     * @param unbatched    hours with master data not batched since their data changed
     * @param maxEventTime the archiver's largest event time, empty when unknown
     * @param lateness     how late an event may arrive and still belong to its hour
     * @param current      the boundary now set on the table, empty when never set
     */
    public static Decision next(NavigableSet<Instant> unbatched, Optional<Instant> maxEventTime,
            Duration lateness, Optional<Instant> current) {
        Instant proposed;
        String reason;
        if (!unbatched.isEmpty()) {
            proposed = unbatched.first();
            reason = "earliest unbatched hour " + Hours.text(proposed);
        } else if (maxEventTime.isPresent()) {
            proposed = Hours.floor(maxEventTime.get().minus(lateness));
            reason = "nothing pending; end of the last complete hour (max event time "
                    + maxEventTime.get() + " minus " + lateness.toMinutes() + " min)";
        } else {
            return new Decision(current, false,
                    "nothing pending and no archiver event time known; boundary kept");
        }

        if (current.isPresent() && proposed.isBefore(current.get())) {
            return new Decision(current, false, reason + " is before the current boundary "
                    + current.get() + ", which never moves backwards");
        }
        boolean moved = current.isEmpty() || !current.get().equals(proposed);
        return new Decision(Optional.of(proposed), moved, reason);
    }
}
