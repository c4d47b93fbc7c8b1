package io.lambdashop.reports;

import io.lambdashop.model.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers written for people: thousands separated by commas, money exactly as
 * {@link Money#format} writes it (never through a double), changes in percent.
 */
public final class Figures {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Figures() {
    }

    /** {@code 58635.560} becomes {@code 58,635.56}; {@code -1234.5} becomes {@code -1,234.50}. */
    public static String money(BigDecimal amount) {
        if (amount == null) {
            return "n/a";
        }
        String plain = Money.format(amount);
        int point = plain.indexOf('.');
        String integer = point < 0 ? plain : plain.substring(0, point);
        String fraction = point < 0 ? "" : plain.substring(point);
        return group(integer) + fraction;
    }

    /** {@code 3108} becomes {@code 3,108}. */
    public static String count(long count) {
        return group(Long.toString(count));
    }

    /** A count that may be unknown (unique users without user ids, a missing status file). */
    public static String count(Long count) {
        return count == null ? "n/a" : count(count.longValue());
    }

    /**
     * The change from {@code previous} to {@code current} in percent of the previous value,
     * one decimal, half-even: {@code +12.5 %}. Without a previous value to compare with
     * (none, or zero) the change has no meaning: {@code n/a}.
     */
    public static String change(BigDecimal current, BigDecimal previous) {
        if (current == null || previous == null || previous.signum() == 0) {
            return "n/a";
        }
        BigDecimal percent = current.subtract(previous).multiply(HUNDRED)
                .divide(previous.abs(), 1, RoundingMode.HALF_EVEN);
        return (percent.signum() > 0 ? "+" : "") + percent.toPlainString() + " %";
    }

    /** The change between two counts, as {@link #change(BigDecimal, BigDecimal)}. */
    public static String change(Long current, Long previous) {
        return change(current == null ? null : BigDecimal.valueOf(current),
                previous == null ? null : BigDecimal.valueOf(previous));
    }

    /** {@code part} of {@code whole} in percent, one decimal: {@code 87.5 %}. */
    public static String share(long part, long whole) {
        if (whole == 0) {
            return "n/a";
        }
        return BigDecimal.valueOf(part).multiply(HUNDRED)
                .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_EVEN).toPlainString()
                + " %";
    }

    private static String group(String integer) {
        boolean negative = integer.startsWith("-");
        String digits = negative ? integer.substring(1) : integer;
        StringBuilder grouped = new StringBuilder();
        int lead = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
        grouped.append(digits, 0, lead);
        for (int i = lead; i < digits.length(); i += 3) {
            grouped.append(',').append(digits, i, i + 3);
        }
        return (negative ? "-" : "") + grouped;
    }
}
