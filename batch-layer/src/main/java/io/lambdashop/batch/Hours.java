package io.lambdashop.batch;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The batch hour and its names: an hour is the {@link Instant} of its start (UTC), stored in
 * partitions as {@code dt=yyyy-MM-dd/hr=H} and written by people as {@code yyyy-MM-ddTHH}.
 */
public final class Hours {

    public static final Duration ONE_HOUR = Duration.ofHours(1);

    private static final DateTimeFormatter HOUR_TEXT = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT)
            .withZone(ZoneOffset.UTC);

    private Hours() {
    }

    /** The start of the hour {@code instant} falls in. */
    public static Instant floor(Instant instant) {
        return instant.truncatedTo(ChronoUnit.HOURS);
    }

    /** {@code 2010-12-01T08}: how hours are written on the command line and in file names. */
    public static String text(Instant hour) {
        return HOUR_TEXT.format(hour);
    }

    /**
     * Reads {@code yyyy-MM-ddTHH} (UTC), or an ISO instant that falls on a whole hour.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    public static Instant parse(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " is missing; expected an hour such as "
                    + "2010-12-01T08 (UTC)");
        }
        String trimmed = text.trim();
        Instant hour;
        try {
            hour = trimmed.length() == 13
                    ? java.time.LocalDateTime.parse(trimmed + ":00").toInstant(ZoneOffset.UTC)
                    : Instant.parse(trimmed);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not an hour; expected "
                    + "yyyy-MM-ddTHH in UTC, e.g. 2010-12-01T08");
        }
        if (!hour.equals(floor(hour))) {
            throw new IllegalArgumentException(what + " '" + text + "' is not on a whole hour; "
                    + "expected e.g. " + text(floor(hour)));
        }
        return hour;
    }

    /** The {@code dt} partition value: the UTC date of the hour. */
    public static String dt(Instant hour) {
        return LocalDate.ofInstant(hour, ZoneOffset.UTC).toString();
    }

    /** The {@code hr} partition value: the UTC hour of day, 0 to 23. */
    public static int hr(Instant hour) {
        return hour.atZone(ZoneOffset.UTC).getHour();
    }

    /** The hour named by partition values {@code dt} and {@code hr}. */
    public static Instant of(String dt, int hr) {
        if (hr < 0 || hr > 23) {
            throw new IllegalArgumentException("hr=" + hr + " is not an hour of the day");
        }
        return LocalDate.parse(dt).atStartOfDay(ZoneOffset.UTC).toInstant()
                .plus(Duration.ofHours(hr));
    }

    /** The partition folder of the hour, relative to a table or dataset root. */
    public static String partitionPath(Instant hour) {
        return "dt=" + dt(hour) + "/hr=" + hr(hour);
    }

    /** The Hive partition spec of the hour, for ALTER TABLE. */
    public static String partitionSpec(Instant hour) {
        return "PARTITION (dt='" + dt(hour) + "', hr=" + hr(hour) + ")";
    }

    /**
     * Reads the hour from a path holding {@code dt=...} and {@code hr=...} segments.
     *
     * @return null when the path holds no such segments
     */
    public static Instant fromPath(String path) {
        String dt = null;
        Integer hr = null;
        for (String segment : path.split("/")) {
            try {
                if (segment.startsWith("dt=")) {
                    dt = segment.substring(3);
                    LocalDate.parse(dt);
                } else if (segment.startsWith("hr=")) {
                    hr = Integer.parseInt(segment.substring(3));
                }
            } catch (DateTimeParseException | NumberFormatException e) {
                return null;
            }
        }
        return dt == null || hr == null || hr < 0 || hr > 23 ? null : of(dt, hr);
    }

    /** Reads a lateness such as {@code 10 minutes}, as Spark writes intervals. */
    public static Duration parseLateness(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("\\s+");
        try {
            if (parts.length == 2) {
                long amount = Long.parseLong(parts[0]);
                String unit = parts[1].toLowerCase(Locale.ROOT);
                if (amount >= 0) {
                    if (unit.startsWith("second")) {
                        return Duration.ofSeconds(amount);
                    } else if (unit.startsWith("minute")) {
                        return Duration.ofMinutes(amount);
                    } else if (unit.startsWith("hour")) {
                        return Duration.ofHours(amount);
                    }
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("lateness '" + text + "' is not understood; expected "
                + "e.g. '10 minutes', '30 seconds' or '1 hour'");
    }
}
