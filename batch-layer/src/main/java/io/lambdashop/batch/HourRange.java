package io.lambdashop.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The hours a batch run covers, {@code [from, to)} in UTC, both on whole hours.
 */
public record HourRange(Instant from, Instant to) {

    /** A range longer than this is almost certainly a typo in a year. */
    public static final Duration LONGEST = Duration.ofDays(3 * 366);

    public HourRange {
        if (!from.equals(Hours.floor(from)) || !to.equals(Hours.floor(to))) {
            throw new IllegalArgumentException("range " + from + ".." + to
                    + " is not on whole hours");
        }
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("--to " + Hours.text(to) + " must be after --from "
                    + Hours.text(from) + " (to is exclusive: --from 2010-12-01T08 --to "
                    + "2010-12-01T09 is one hour)");
        }
        if (Duration.between(from, to).compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("range " + Hours.text(from) + ".." + Hours.text(to)
                    + " is longer than " + LONGEST.toDays() + " days; split it into runs");
        }
    }

    /** Reads the command line's {@code --from} and {@code --to}. */
    public static HourRange parse(String from, String to) {
        return new HourRange(Hours.parse(from, "--from"), Hours.parse(to, "--to"));
    }

    /** The single hour starting at {@code hour}. */
    public static HourRange of(Instant hour) {
        return new HourRange(hour, hour.plus(Hours.ONE_HOUR));
    }

    /** Every hour of the range, in order. */
    public List<Instant> hours() {
        List<Instant> hours = new ArrayList<>();
        for (Instant hour = from; hour.isBefore(to); hour = hour.plus(Hours.ONE_HOUR)) {
            hours.add(hour);
        }
        return hours;
    }

    public boolean contains(Instant hour) {
        return !hour.isBefore(from) && hour.isBefore(to);
    }

    public int size() {
        return (int) Duration.between(from, to).toHours();
    }

    @Override
    public String toString() {
        return Hours.text(from) + ".." + Hours.text(to);
    }
}
