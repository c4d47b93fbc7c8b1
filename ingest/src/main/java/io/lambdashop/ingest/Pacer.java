package io.lambdashop.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Holds events back until they are due, on a schedule measured from the start of the run.
 *
 * <p>Each event's due time is an offset from the start, not a gap after the previous event:
 * a late wake-up or a slow send is then caught up on the next events instead of adding up
 * into a drift.
 */
final class Pacer {

    /** Sleeping less than this is not worth a system call; the schedule absorbs it. */
    private static final long MIN_SLEEP_NANOS = 1_000_000;

    /** Longest single sleep, so that a stop request is seen quickly even at low speeds. */
    private static final long MAX_SLEEP_NANOS = 100_000_000;

    private final BooleanSupplier stopRequested;
    private long startNanos;

    /** @param stopRequested checked while waiting; a wait ends early once it holds */
    Pacer(BooleanSupplier stopRequested) {
        this.stopRequested = stopRequested;
        this.startNanos = System.nanoTime();
    }

    /** Restarts the schedule: offsets count from now. */
    void start() {
        startNanos = System.nanoTime();
    }

    /**
     * When an event of a replay at {@code speed} times event time is due: its event-time
     * distance from the first event, divided by the speed. An event older than the first
     * (the files are not strictly ordered) is due at once.
     */
    static Duration replayOffset(Instant firstEventTime, Instant eventTime, double speed) {
        Duration gap = Duration.between(firstEventTime, eventTime);
        if (gap.isNegative()) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) (gap.toNanos() / speed));
    }

    /** When the event number {@code index} (from 0) of a run at {@code ratePerSecond} is due. */
    static Duration rateOffset(long index, double ratePerSecond) {
        return Duration.ofNanos((long) (index * 1e9 / ratePerSecond));
    }

    /** How long to wait for an event due at {@code offset} when {@code elapsed} has passed. */
    static Duration waitTime(Duration offset, Duration elapsed) {
        Duration wait = offset.minus(elapsed);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    /**
     * Waits until {@code offset} after the start.
     *
     * @return false if a stop was requested while waiting
     */
    boolean awaitOffset(Duration offset) throws InterruptedException {
        while (!stopRequested.getAsBoolean()) {
            long waitNanos = waitTime(offset,
                    Duration.ofNanos(System.nanoTime() - startNanos)).toNanos();
            if (waitNanos < MIN_SLEEP_NANOS) {
                return true;
            }
            long sleepNanos = Math.min(waitNanos, MAX_SLEEP_NANOS);
            Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
        }
        return false;
    }
}
