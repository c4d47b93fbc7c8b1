package io.lambdashop.stack;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetailTotalsTest {

    @Test
    void splitsOnCommasOutsideQuotesOnly() {
        assertThat(RetailTotals.split("536366,22633,\"HAND WARMER, UNION JACK\",6,x,1.85,,UK"))
                .containsExactly("536366", "22633", "HAND WARMER, UNION JACK", "6", "x", "1.85",
                        "", "UK");
        assertThat(RetailTotals.split("a,\"say \"\"hi\"\"\",b"))
                .containsExactly("a", "say \"hi\"", "b");
    }
}
