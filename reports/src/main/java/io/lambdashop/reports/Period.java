package io.lambdashop.reports;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The period a report covers: one UTC hour or one UTC day, {@code [start, end)}. Its name is
 * the stable file name of the report: {@code 2010-12-01} or {@code 2010-12-01T08}.
 */
public record Period(Kind kind, Instant start) {

    private static final DateTimeFormatter HOUR_NAME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Hourly or daily; the folder name under {@code <data>/reports}. */
    public enum Kind {
        HOURLY("hourly", Duration.ofHours(1), ChronoUnit.HOURS),
        DAILY("daily", Duration.ofDays(1), ChronoUnit.DAYS);

        private final String folder;
        private final Duration length;
        private final ChronoUnit unit;

        Kind(String folder, Duration length, ChronoUnit unit) {
            this.folder = folder;
            this.length = length;
            this.unit = unit;
        }

        public String folder() {
            return folder;
        }

        public Duration length() {
            return length;
        }

        /** The period of this kind that holds {@code instant}. */
        public Period of(Instant instant) {
            return new Period(this, instant.truncatedTo(unit));
        }
    }

    public Period {
        if (!start.truncatedTo(kind.unit).equals(start)) {
            throw new IllegalArgumentException(kind.folder + " period must start on a whole "
                    + kind.unit.toString().toLowerCase(Locale.ROOT) + ", not " + start);
        }
    }

    /** A day given as {@code 2010-12-01}. */
    public static Period day(String text) {
        try {
            LocalDate date = LocalDate.parse(text.trim());
            return new Period(Kind.DAILY, date.atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a day is written like 2010-12-01, not '" + text
                    + "'");
        }
    }

    /** An hour given as {@code 2010-12-01T08} (minutes, if written, must be zero). */
    public static Period hour(String text) {
        String trimmed = text.trim();
        try {
            LocalDateTime time = trimmed.length() == 13
                    ? LocalDateTime.parse(trimmed + ":00")
                    : LocalDateTime.parse(trimmed.endsWith("Z")
                            ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
            return new Period(Kind.HOURLY, time.toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("an hour is written like 2010-12-01T08, not '"
                    + text + "'");
        }
    }

    public Instant end() {
        return start.plus(kind.length);
    }

    /** The period just before this one, which the report compares against. */
    public Period previous() {
        return new Period(kind, start.minus(kind.length));
    }

    /** The report's file name without extension. */
    public String name() {
        return kind == Kind.DAILY ? start.toString().substring(0, 10) : HOUR_NAME.format(start);
    }

    /** For a person: "day 2010-12-01 (UTC)" or "hour 2010-12-01 08:00-09:00 (UTC)". */
    public String title() {
        if (kind == Kind.DAILY) {
            return "day " + name() + " (UTC)";
        }
        String startText = start.toString();
        String endText = end().toString();
        return "hour " + startText.substring(0, 10) + " " + startText.substring(11, 16) + "-"
                + endText.substring(11, 16) + " (UTC)";
    }

    @Override
    public String toString() {
        return kind.folder + " " + name();
    }
}
