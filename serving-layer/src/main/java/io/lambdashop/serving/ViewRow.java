package io.lambdashop.serving;

import org.apache.datasketches.hll.HllSketch;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One 1-minute view row, from either layer: the measures of one (dimension, key, minute).
 * Batch rows come from {@code ecommerce.sales_minute}, speed rows from {@code speed-views};
 * both carry the same measures, computed by the same code.
 *
 * @param dimension      {@code all} (key null) or a dimension's view name, e.g. {@code country}
 * @param key            the dimension's value, null for {@code all}
 * @param windowStart    start of the 1-minute event-time window, UTC
 * @param revenue        net revenue (returns count negative), exact
 * @param usersSketch    the distinct users of the window, null when the layer sent none
 */
public record ViewRow(
        String dimension,
        String key,
        Instant windowStart,
        BigDecimal revenue,
        long transactions,
        long units,
        long returns,
        BigDecimal returnedAmount,
        HllSketch usersSketch) {

    /** The dimension of the rows that hold the totals of a minute. */
    public static final String ALL = "all";

    public ViewRow {
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(windowStart, "windowStart");
        revenue = revenue == null ? BigDecimal.ZERO : revenue;
        returnedAmount = returnedAmount == null ? BigDecimal.ZERO : returnedAmount;
    }
}
