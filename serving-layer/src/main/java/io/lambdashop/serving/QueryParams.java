package io.lambdashop.serving;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads and checks the query parameters of the API. Every failure names the parameter, so
 * that a 400 answer tells the caller what to fix.
 */
public final class QueryParams {

    /** The range asked for when {@code from} and {@code to} are both left out. */
    public static final Duration DEFAULT_SPAN = Duration.ofHours(24);

    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 100;

    private QueryParams() {
    }

    /** A parameter that cannot be used, and why. */
    public static final class BadParamException extends RuntimeException {
        private final String param;

        BadParamException(String param, String message) {
            super(message, null, false, false);
            this.param = param;
        }

        /** The name of the faulty parameter. */
        public String param() {
            return param;
        }
    }

    /**
     * The range {@code [from, to)}. Left out, {@code to} is the end of the current minute
     * (so that a dashboard polling every few seconds asks for the same range for a minute,
     * and cached answers can serve it) and {@code from} is {@link #DEFAULT_SPAN} before it.
     *
     * @param params a parameter's value by name, null when absent
     * @param now    the wall clock
     */
    public static TimeRange range(Function<String, String> params, Instant now) {
        Instant to = instant(params, "to");
        Instant from = instant(params, "from");
        if (to == null) {
            to = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        }
        if (from == null) {
            from = to.minus(DEFAULT_SPAN);
        }
        if (!from.isBefore(to)) {
            throw new BadParamException("from", "from (" + from + ") must be before to (" + to
                    + ")");
        }
        return new TimeRange(from, to);
    }

    /** {@code grain}: {@code minute} or {@code hour} (the default). */
    public static LayerMerge.Grain grain(Function<String, String> params) {
        String text = params.apply("grain");
        if (text == null || text.isBlank()) {
            return LayerMerge.Grain.HOUR;
        }
        try {
            return LayerMerge.Grain.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadParamException("grain", "grain must be minute or hour, not '"
                    + text + "'");
        }
    }

    /** {@code limit}: 1 to {@link #MAX_LIMIT}, default {@link #DEFAULT_LIMIT}. */
    public static int limit(Function<String, String> params) {
        String text = params.apply("limit");
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new BadParamException("limit", "limit must be a whole number, not '" + text
                    + "'");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadParamException("limit", "limit must be between 1 and " + MAX_LIMIT
                    + ", not " + limit);
        }
        return limit;
    }

    private static Instant instant(Function<String, String> params, String name) {
        String text = params.apply(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new BadParamException(name, name + " must be an ISO-8601 UTC instant such as"
                    + " 2010-12-01T08:00:00Z, not '" + text + "'");
        }
    }
}
