package io.lambdashop.ingest;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PacerTest {

    private static final Instant FIRST = Instant.parse("2010-12-01T08:26:00Z");

    @Test
    void replayOffsetIsTheEventTimeGapDividedBySpeed() {
        Instant tenMinutesLater = Instant.parse("2010-12-01T08:36:00Z");

        // 10 minutes of event time: 10 s at 60x, 10 minutes at 1x, 20 minutes at 0.5x.
        assertThat(Pacer.replayOffset(FIRST, tenMinutesLater, 60))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(Pacer.replayOffset(FIRST, tenMinutesLater, 1))
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(Pacer.replayOffset(FIRST, tenMinutesLater, 0.5))
                .isEqualTo(Duration.ofMinutes(20));
        assertThat(Pacer.replayOffset(FIRST, FIRST, 60)).isEqualTo(Duration.ZERO);
    }

    @Test
    void eventOlderThanTheFirstIsDueAtOnce() {
        Instant earlier = Instant.parse("2010-12-01T08:25:00Z");
        assertThat(Pacer.replayOffset(FIRST, earlier, 10)).isEqualTo(Duration.ZERO);
    }

    @Test
    void rateOffsetSpacesEventsEvenly() {
        // 200 events/s: one every 5 ms, the 200th one second after the first.
        assertThat(Pacer.rateOffset(0, 200)).isEqualTo(Duration.ZERO);
        assertThat(Pacer.rateOffset(1, 200)).isEqualTo(Duration.ofMillis(5));
        assertThat(Pacer.rateOffset(200, 200)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Pacer.rateOffset(3, 0.5)).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void waitTimeCatchesUpWhenBehind() {
        assertThat(Pacer.waitTime(Duration.ofSeconds(10), Duration.ofSeconds(4)))
                .isEqualTo(Duration.ofSeconds(6));
        assertThat(Pacer.waitTime(Duration.ofSeconds(10), Duration.ofSeconds(12)))
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void awaitOffsetWaitsUntilDue() throws InterruptedException {
        Pacer pacer = new Pacer(() -> false);
        long startNanos = System.nanoTime();
        pacer.start();

        assertThat(pacer.awaitOffset(Duration.ofMillis(80))).isTrue();

        assertThat(Duration.ofNanos(System.nanoTime() - startNanos))
                .isGreaterThanOrEqualTo(Duration.ofMillis(79));
    }

    @Test
    void awaitOffsetGivesUpOnStop() throws InterruptedException {
        Pacer pacer = new Pacer(() -> true);
        long startNanos = System.nanoTime();

        assertThat(pacer.awaitOffset(Duration.ofMinutes(10))).isFalse();

        assertThat(Duration.ofNanos(System.nanoTime() - startNanos))
                .isLessThan(Duration.ofSeconds(1));
    }
}
