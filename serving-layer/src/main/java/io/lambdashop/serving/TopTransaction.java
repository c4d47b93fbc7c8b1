package io.lambdashop.serving;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;

/** One transaction of the top-N table, as read from Hive or from {@code speed-top}. */
public record TopTransaction(
        String transactionId,
        Instant eventTime,
        BigDecimal amount,
        int quantity,
        String productId,
        String productName,
        String category,
        String city,
        String country,
        String paymentMethod) {

    /** Largest amount first; equal amounts by transaction id, so that answers are stable. */
    public static final Comparator<TopTransaction> LARGEST_FIRST =
            Comparator.comparing(TopTransaction::amount).reversed()
                    .thenComparing(TopTransaction::transactionId);
}
