package io.lambdashop.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One sold (or returned) line of an order, as it travels on the {@code transactions} topic.
 *
 * <p>Money is exact: {@code amount} is {@code quantity x unitPrice} with no rounding, and a
 * negative amount is a return. {@code eventTime} is when the sale happened, in UTC; every
 * window and every batch hour is cut on it, never on the time the event was received.
 *
 * <p>{@code userId}, {@code category}, {@code city} and {@code paymentMethod} may be null: a
 * real shop does not always know them, and the platform never invents them.
 */
public record TransactionEvent(
        String transactionId,
        String orderId,
        String userId,
        String productId,
        String productName,
        String category,
        String city,
        String country,
        String paymentMethod,
        int quantity,
        BigDecimal unitPrice,
        BigDecimal amount,
        Instant eventTime) {

    /** Largest number of decimal places an amount or unit price may carry. */
    public static final int MONEY_SCALE = 3;

    /**
     * Money is kept at exactly {@link #MONEY_SCALE} decimals, so that 15.3 and 15.30 are the
     * same event.
     *
     * @throws ArithmeticException if an amount has more decimals than that
     */
    public TransactionEvent {
        unitPrice = unitPrice.setScale(MONEY_SCALE);
        amount = amount.setScale(MONEY_SCALE);
    }

    /** Whether this line gives money back (a cancelled invoice line). */
    public boolean isReturn() {
        return amount.signum() < 0;
    }
}
