package io.lambdashop.reports;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class FiguresTest {

    @Test
    void moneyIsGroupedByThousandsAndKeepsItsExactDecimals() {
        assertThat(Figures.money(new BigDecimal("58635.560"))).isEqualTo("58,635.56");
        assertThat(Figures.money(new BigDecimal("1234567.891"))).isEqualTo("1,234,567.891");
        assertThat(Figures.money(new BigDecimal("-1234.5"))).isEqualTo("-1,234.50");
        assertThat(Figures.money(new BigDecimal("999.999"))).isEqualTo("999.999");
        assertThat(Figures.money(new BigDecimal("100000"))).isEqualTo("100,000.00");
        assertThat(Figures.money(BigDecimal.ZERO)).isEqualTo("0.00");
        assertThat(Figures.money(null)).isEqualTo("n/a");
        // A double would print 0.30000000000000004 here.
        assertThat(Figures.money(new BigDecimal("0.1").add(new BigDecimal("0.2"))))
                .isEqualTo("0.30");
    }

    @Test
    void countsAreGroupedByThousands() {
        assertThat(Figures.count(3108)).isEqualTo("3,108");
        assertThat(Figures.count(999)).isEqualTo("999");
        assertThat(Figures.count(1_000_000L)).isEqualTo("1,000,000");
        assertThat(Figures.count((Long) null)).isEqualTo("n/a");
    }

    @Test
    void changesArePercentOfThePreviousValue() {
        // (1250.50 - 1000.40) / 1000.40 = 0.25 exactly.
        assertThat(Figures.change(new BigDecimal("1250.50"), new BigDecimal("1000.40")))
                .isEqualTo("+25.0 %");
        assertThat(Figures.change(4L, 5L)).isEqualTo("-20.0 %");
        // 1 / 3 = 33.33... %
        assertThat(Figures.change(4L, 3L)).isEqualTo("+33.3 %");
        assertThat(Figures.change(7L, 7L)).isEqualTo("0.0 %");
        // From a loss to a profit: against the size of the loss.
        assertThat(Figures.change(new BigDecimal("50"), new BigDecimal("-100")))
                .isEqualTo("+150.0 %");
        assertThat(Figures.change(5L, 0L)).isEqualTo("n/a");
        assertThat(Figures.change(5L, null)).isEqualTo("n/a");
    }

    @Test
    void sharesHaveOneDecimal() {
        assertThat(Figures.share(45, 60)).isEqualTo("75.0 %");
        assertThat(Figures.share(1, 3)).isEqualTo("33.3 %");
        assertThat(Figures.share(0, 0)).isEqualTo("n/a");
    }
}
