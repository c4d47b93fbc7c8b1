package io.lambdashop.model;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventJsonTest {

    private static final TransactionEvent SALE = new TransactionEvent(
            "536365-1", "536365", "17850", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER",
            null, null, "United Kingdom", null, 6, new BigDecimal("2.55"),
            new BigDecimal("15.30"), Instant.parse("2010-12-01T08:26:00Z"));

    @Test
    void anEventSurvivesItsJsonForm() {
        ParseResult result = EventJson.parse(EventJson.toJson(SALE));

        assertThat(result.rejection()).isNull();
        assertThat(result.event()).isEqualTo(SALE);
    }

    @Test
    void moneyIsReadExactlyNotThroughADouble() {
        String json = EventJson.toJson(SALE)
                .replace("\"unit_price\":2.55", "\"unit_price\":0.1")
                .replace("\"quantity\":6", "\"quantity\":3")
                .replace("\"amount\":15.30", "\"amount\":0.3");

        ParseResult result = EventJson.parse(json);

        // 3 x 0.1 is 0.30000000000000004 in binary floating point: only exact
        // decimals accept this event.
        assertThat(result.rejection()).isNull();
        assertThat(result.event().amount()).isEqualByComparingTo("0.3");
    }

    @Test
    void anAmountThatDisagreesWithQuantityTimesPriceIsRejected() {
        String json = EventJson.toJson(SALE).replace("\"amount\":15.30", "\"amount\":15.31");

        assertThat(EventJson.parse(json).rejection())
                .isEqualTo("amount 15.31 is not quantity x unit_price = 15.30");
    }

    @Test
    void badRecordsSayWhy() {
        assertThat(EventJson.parse("").rejection()).isEqualTo("empty record");
        assertThat(EventJson.parse("[1,2]").rejection()).isEqualTo("not a JSON object");
        assertThat(EventJson.parse("{oops").rejection()).startsWith("not JSON");
        assertThat(EventJson.parse(EventJson.toJson(SALE).replace("\"536365-1\"", "null"))
                .rejection()).isEqualTo("missing transaction_id");
        assertThat(EventJson.parse(EventJson.toJson(SALE)
                .replace("2010-12-01T08:26:00Z", "yesterday")).rejection())
                .isEqualTo("event_time is not an ISO-8601 UTC instant: yesterday");
        assertThat(EventJson.parse(EventJson.toJson(SALE)
                .replace("\"quantity\":6", "\"quantity\":6.5")).rejection())
                .isEqualTo("quantity is not a whole number: 6.5");
    }

    @Test
    void moreThanThreeDecimalsWouldBeRoundedByStorageSoTheyAreRejected() {
        String json = EventJson.toJson(SALE)
                .replace("\"unit_price\":2.55", "\"unit_price\":2.5501")
                .replace("\"amount\":15.30", "\"amount\":15.3006");

        assertThat(EventJson.parse(json).rejection())
                .isEqualTo("unit_price has more than 3 decimal places: 2.5501");
    }

    @Test
    void aReturnHasANegativeAmount() {
        TransactionEvent refund = new TransactionEvent("C536379-1", "C536379", "14527", "D",
                "Discount", null, null, "United Kingdom", null, -1, new BigDecimal("27.50"),
                new BigDecimal("-27.50"), Instant.parse("2010-12-01T09:41:00Z"));

        ParseResult result = EventJson.parse(EventJson.toJson(refund));

        assertThat(result.event().isReturn()).isTrue();
        assertThat(SALE.isReturn()).isFalse();
    }
}
