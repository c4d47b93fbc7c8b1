package io.lambdashop.ingest;

import io.lambdashop.model.TransactionEvent;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RebaseTest {

    /** 2026-12-03T18:00:00Z: 20,790 days after 1970-01-01, plus 18 hours. */
    private static final Instant TARGET = Instant.parse("2026-12-03T18:00:00Z");
    private static final long TARGET_EPOCH_SECONDS = 20_790L * 86_400 + 18 * 3_600;

    @Test
    void firstEventLandsOnTheTargetAndGapsAreKept() {
        Rebase rebase = Rebase.to(TARGET);

        TransactionEvent first = rebase.apply(event("536365-1", "2010-12-01T08:26:00Z"));
        TransactionEvent later = rebase.apply(event("536366-1", "2010-12-01T09:01:30Z"));
        TransactionEvent earlier = rebase.apply(event("536364-1", "2010-12-01T08:20:00Z"));

        assertThat(first.eventTime()).isEqualTo(Instant.parse("2026-12-03T18:00:00Z"));
        assertThat(later.eventTime()).isEqualTo(Instant.parse("2026-12-03T18:35:30Z"));
        assertThat(earlier.eventTime()).isEqualTo(Instant.parse("2026-12-03T17:54:00Z"));
        assertThat(rebase.shift()).isEqualTo(Duration.between(
                Instant.parse("2010-12-01T08:26:00Z"), TARGET));
    }

    @Test
    void idsCarryTheEpochSecondsOfTheTarget() {
        assertThat(TARGET_EPOCH_SECONDS).isEqualTo(1_796_320_800L);
        Rebase rebase = Rebase.to(TARGET);

        TransactionEvent moved = rebase.apply(event("536365-1", "2010-12-01T08:26:00Z"));

        assertThat(moved.transactionId()).isEqualTo("536365-1@1796320800");
        assertThat(rebase.idSuffix()).isEqualTo("@" + TARGET_EPOCH_SECONDS);
    }

    @Test
    void everythingButTimeAndIdIsKept() {
        TransactionEvent original = event("536365-1", "2010-12-01T08:26:00Z");

        TransactionEvent moved = Rebase.to(TARGET).apply(original);

        assertThat(moved.orderId()).isEqualTo("536365");
        assertThat(moved.userId()).isEqualTo("17850");
        assertThat(moved.quantity()).isEqualTo(6);
        assertThat(moved.unitPrice()).isEqualByComparingTo("2.55");
        assertThat(moved.amount()).isEqualByComparingTo("15.30");
        assertThat(moved.country()).isEqualTo("United Kingdom");
    }

    private static TransactionEvent event(String id, String eventTime) {
        return new TransactionEvent(id, id.substring(0, id.indexOf('-')), "17850", "85123A",
                "WHITE HANGING HEART T-LIGHT HOLDER", null, null, "United Kingdom", null, 6,
                new BigDecimal("2.55"), new BigDecimal("15.30"), Instant.parse(eventTime));
    }
}
