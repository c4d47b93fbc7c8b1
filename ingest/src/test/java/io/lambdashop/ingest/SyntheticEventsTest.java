package io.lambdashop.ingest;

import io.lambdashop.model.EventJson;
import io.lambdashop.model.ParseResult;
import io.lambdashop.model.TransactionEvent;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticEventsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T18:00:00.123Z");

    @Test
    void thousandEventsAreValidExactAndCoverEveryValue() {
        SyntheticEvents generator = new SyntheticEvents(new SplittableRandom(7));
        List<TransactionEvent> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add(generator.next(NOW));
        }

        Set<String> cities = new HashSet<>();
        Set<String> categories = new HashSet<>();
        Set<String> methods = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (TransactionEvent event : events) {
            // Through JSON and back, the way every consumer will read it.
            ParseResult parsed = EventJson.parse(EventJson.toJson(event));
            assertThat(parsed.rejection()).isNull();
            TransactionEvent read = parsed.event();

            assertThat(read.amount()).isBetween(new BigDecimal("10"), new BigDecimal("500"));
            assertThat(read.quantity()).isBetween(1, 5);
            assertThat(read.unitPrice().multiply(BigDecimal.valueOf(read.quantity())))
                    .isEqualByComparingTo(read.amount());
            assertThat(read.unitPrice().stripTrailingZeros().scale()).isLessThanOrEqualTo(2);
            assertThat(read.amount().stripTrailingZeros().scale()).isLessThanOrEqualTo(2);

            assertThat(read.userId()).matches("USER_[1-9][0-9][0-9]");
            assertThat(read.country()).isEqualTo("Morocco");
            assertThat(read.eventTime()).isEqualTo(NOW);
            assertThat(read.productId()).isNotBlank();
            assertThat(read.productName()).isNotBlank();
            cities.add(read.city());
            categories.add(read.category());
            methods.add(read.paymentMethod());
            ids.add(read.transactionId());
        }

        assertThat(cities).containsExactlyInAnyOrder(
                "Casablanca", "Rabat", "Marrakech", "Fes", "Tangier", "Agadir");
        assertThat(categories).containsExactlyInAnyOrder(
                "Electronics", "Fashion", "Home & Garden", "Sports", "Books", "Beauty");
        assertThat(methods).containsExactlyInAnyOrder(
                "Credit Card", "PayPal", "Cash on Delivery", "Bank Transfer");
        assertThat(ids).hasSize(1000);
    }

    @Test
    void productsBelongToTheirCategory() {
        SyntheticEvents generator = new SyntheticEvents(new SplittableRandom(11));
        for (int i = 0; i < 200; i++) {
            TransactionEvent event = generator.next(NOW);
            assertThat(SyntheticEvents.CATALOGUE.get(event.category()))
                    .contains(new SyntheticEvents.Product(event.productId(),
                            event.productName()));
        }
    }

    @Test
    void extremeDrawsStayInRange() {
        // With quantity 3, 10.00 / 3 is not a whole cent: the cheapest price is 3.34
        // (10.02) and the dearest 166.66 (499.98); with quantity 1, 10.00 and 500.00.
        SyntheticEvents generator = new SyntheticEvents(new SplittableRandom(3));
        BigDecimal lowest = null;
        BigDecimal highest = null;
        for (int i = 0; i < 20_000; i++) {
            BigDecimal amount = generator.next(NOW).amount();
            lowest = lowest == null || amount.compareTo(lowest) < 0 ? amount : lowest;
            highest = highest == null || amount.compareTo(highest) > 0 ? amount : highest;
        }
        assertThat(lowest).isBetween(new BigDecimal("10.00"), new BigDecimal("10.50"));
        assertThat(highest).isBetween(new BigDecimal("495.00"), new BigDecimal("500.00"));
    }
}
