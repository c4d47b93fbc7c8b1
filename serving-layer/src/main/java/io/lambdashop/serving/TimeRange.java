package io.lambdashop.serving;

import java.time.Instant;
import java.util.Objects;

/**
 * A half-open event-time range {@code [from, to)}, UTC. A 1-minute window belongs to the
 * range when its start does.
 */
public record TimeRange(Instant from, Instant to) {

    public TimeRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    /** Whether the range holds no instant at all. */
    public boolean isEmpty() {
        return !from.isBefore(to);
    }

    /** Whether {@code instant} lies in {@code [from, to)}. */
    public boolean contains(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(to);
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
