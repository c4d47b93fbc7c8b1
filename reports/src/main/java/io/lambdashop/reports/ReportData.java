package io.lambdashop.reports;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything one report shows, as the serving layer answered it: merged batch and speed
 * views, so that a report agrees with the dashboard and the API to the cent.
 *
 * @param current     the period's totals
 * @param previous    the totals of the period just before, to compare with
 * @param products    the products with the largest revenue
 * @param top         the largest transactions of the period
 * @param chart       revenue per hour (daily report) or per minute (hourly report)
 * @param generatedAt when the report was made (wall clock)
 */
public record ReportData(Period period, Totals current, Totals previous,
        List<KeyFigures> categories, List<KeyFigures> countries, List<KeyFigures> payments,
        Products products, List<TopTransaction> top, List<Bucket> chart, Health health,
        Instant generatedAt) {

    /**
     * The {@code /api/stats} answer for one period.
     *
     * @param uniqueUsers   null when no transaction of the period carries a user id
     * @param averageAmount null without transactions
     * @param boundary      the batch boundary the answer was split at, null before any run
     * @param batchMinutes  minutes with sales answered by batch views
     * @param speedMinutes  minutes with sales answered by speed views
     */
    public record Totals(BigDecimal revenue, long transactions, long units, Long uniqueUsers,
            BigDecimal averageAmount, long returns, BigDecimal returnedAmount,
            Instant boundary, String batchVersion, long batchMinutes, long speedMinutes) {

        /** Sales before returns: net revenue plus the money returns gave back. */
        public BigDecimal grossSales() {
            return revenue.add(returnedAmount);
        }
    }

    /** One key of a dimension (category, country, payment method). */
    public record KeyFigures(String key, BigDecimal revenue, long transactions, long units) {
    }

    /**
     * The products with the largest revenue, largest first.
     *
     * @param exact false when part of the period is answered by speed views: they keep only
     *              the largest transactions of each minute, so the ranking there counts those
     *              only and a product's figures are a lower bound
     */
    public record Products(List<ProductFigures> top, boolean exact) {
    }

    /** One product: its stock code, its name, and what it sold (net of returns). */
    public record ProductFigures(String productId, String productName, BigDecimal revenue,
            long transactions, long units) {
    }

    /** One of the largest transactions. */
    public record TopTransaction(String transactionId, Instant eventTime, BigDecimal amount,
            long quantity, String productName, String country) {
    }

    /** One bar of the revenue chart, and which layer answered it. */
    public record Bucket(Instant start, BigDecimal revenue, long transactions, String source) {
    }

    /**
     * Counts of the whole platform since its parts started, from {@code /api/health}:
     * they are not per period, and a report says so.
     *
     * @param lateEventsDropped late events the speed layer dropped (null when unknown);
     *                          the batch layer still counts them, from the master dataset
     * @param deadLetters       invalid records sent to the dead-letter topic
     */
    public record Health(Long lateEventsDropped, Long deadLetters) {
    }

    /**
     * How much of the period the batch views answer: the part before the boundary.
     * The rest is answered by speed views and may still change.
     */
    public Duration batchCovered() {
        Instant boundary = current.boundary();
        if (boundary == null || !boundary.isAfter(period.start())) {
            return Duration.ZERO;
        }
        Instant batchEnd = boundary.isBefore(period.end()) ? boundary : period.end();
        return Duration.between(period.start(), batchEnd);
    }

    /** Complete: every minute of the period is answered by batch views. */
    public boolean complete() {
        return batchCovered().equals(period.kind().length());
    }
}
