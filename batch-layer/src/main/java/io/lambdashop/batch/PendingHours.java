package io.lambdashop.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which hours of the master dataset still need the batch job, decided from what the master
 * holds now and what each hour's last run record says it read.
 *
 * <p>An hour's data "changed" when the set of master files of that hour differs from the set
 * its last run read. File names of the streaming sink are unique per write, so comparing sets
 * is exact, and it does not depend on clocks agreeing between machines.
 */
public final class PendingHours {

    private PendingHours() {
    }

    /**
     * Hours that have master data and were never batched, or whose files changed since.
     *
     * @param masterFiles  per hour, the names of its files in the master dataset now
     * @param batchedFiles per hour, the names of the files its last run read
     */
    public static NavigableSet<Instant> unbatched(Map<Instant, ? extends Set<String>> masterFiles,
            Map<Instant, ? extends Set<String>> batchedFiles) {
        NavigableSet<Instant> pending = new TreeSet<>();
        masterFiles.forEach((hour, files) -> {
            if (files.isEmpty()) {
                return;
            }
            Set<String> batched = batchedFiles.get(hour);
            if (batched == null || !batched.equals(files)) {
                pending.add(hour);
            }
        });
        return pending;
    }

    /** The hours of {@code pending} that fall in {@code range}. */
    public static NavigableSet<Instant> within(HourRange range, NavigableSet<Instant> pending) {
        return new TreeSet<>(pending.subSet(range.from(), true, range.to(), false));
    }

    /**
     * Whether no more events are expected for {@code hour}: its end plus the allowed lateness
     * is at or before the largest event time the archiver has written.
     */
    public static boolean complete(Instant hour, Optional<Instant> maxEventTime,
            Duration lateness) {
        return maxEventTime.isPresent()
                && !hour.plus(Hours.ONE_HOUR).plus(lateness).isAfter(maxEventTime.get());
    }

    /** The unbatched hours the scheduler should batch now: those complete in event time. */
    public static NavigableSet<Instant> due(NavigableSet<Instant> unbatched,
            Optional<Instant> maxEventTime, Duration lateness) {
        NavigableSet<Instant> due = new TreeSet<>();
        for (Instant hour : unbatched) {
            if (complete(hour, maxEventTime, lateness)) {
                due.add(hour);
            }
        }
        return due;
    }

    /** Groups hours into runs of consecutive hours, each batched by one job run. */
    public static List<HourRange> contiguous(NavigableSet<Instant> hours) {
        List<HourRange> ranges = new ArrayList<>();
        Instant start = null;
        Instant end = null;
        for (Instant hour : hours) {
            if (start != null && !hour.equals(end)) {
                ranges.add(new HourRange(start, end));
                start = null;
            }
            if (start == null) {
                start = hour;
            }
            end = hour.plus(Hours.ONE_HOUR);
        }
        if (start != null) {
            ranges.add(new HourRange(start, end));
        }
        return ranges;
    }
}
