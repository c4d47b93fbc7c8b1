package io.lambdashop.model;

import java.math.BigDecimal;

/**
 * How money is stored: {@code DECIMAL(18,3)} for one amount, {@code DECIMAL(28,3)} for sums.
 * Three decimals because real unit prices carry up to three.
 */
public final class Money {

    public static final int PRECISION = 18;
    public static final int SCALE = TransactionEvent.MONEY_SCALE;

    /** The largest amount a DECIMAL(18,3) holds. */
    public static final BigDecimal MAX_ABS = new BigDecimal("999999999999999.999");

    private Money() {
    }

    /** Plain text for a person: no exponent, no trailing zeros past the cents. */
    public static String format(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        if (stripped.scale() < 2) {
            stripped = stripped.setScale(2);
        }
        return stripped.toPlainString();
    }
}
