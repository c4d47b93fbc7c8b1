package io.lambdashop.batch;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class BatchBoundaryTest {

    private static final Duration LATENESS = Duration.ofMinutes(10);

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    private static NavigableSet<Instant> hours(String... texts) {
        NavigableSet<Instant> hours = new TreeSet<>();
        for (String text : texts) {
            hours.add(at(text));
        }
        return hours;
    }

    @Test
    void earliestUnbatchedHourWinsEvenAcrossAGap() {
        // 08 and 09 batched, 10 empty, 11 and 13 pending (12 batched in between).
        BatchBoundary.Decision decision = BatchBoundary.next(
                hours("2010-12-01T13:00:00Z", "2010-12-01T11:00:00Z"),
                Optional.of(at("2010-12-01T13:40:00Z")), LATENESS,
                Optional.of(at("2010-12-01T10:00:00Z")));

        assertThat(decision.boundary()).contains(at("2010-12-01T11:00:00Z"));
        assertThat(decision.moved()).isTrue();
    }

    @Test
    void nothingPendingMovesToTheEndOfTheLastCompleteHour() {
        // Max event time 13:09:59 minus 10 min is 12:59:59: hour 12 is not complete yet.
        BatchBoundary.Decision notYet = BatchBoundary.next(hours(),
                Optional.of(at("2010-12-01T13:09:59Z")), LATENESS, Optional.empty());
        // At 13:10:00 it is.
        BatchBoundary.Decision complete = BatchBoundary.next(hours(),
                Optional.of(at("2010-12-01T13:10:00Z")), LATENESS, Optional.empty());

        assertThat(notYet.boundary()).contains(at("2010-12-01T12:00:00Z"));
        assertThat(complete.boundary()).contains(at("2010-12-01T13:00:00Z"));
    }

    @Test
    void aLateEventBelowTheBoundaryDoesNotMoveItBack() {
        // Hour 08 got a late event after the boundary passed it.
        BatchBoundary.Decision decision = BatchBoundary.next(hours("2010-12-01T08:00:00Z"),
                Optional.of(at("2010-12-01T15:00:00Z")), LATENESS,
                Optional.of(at("2010-12-01T14:00:00Z")));

        assertThat(decision.boundary()).contains(at("2010-12-01T14:00:00Z"));
        assertThat(decision.moved()).isFalse();
        assertThat(decision.reason()).contains("never moves backwards");
    }

    @Test
    void anOlderWatermarkDoesNotMoveItBackEither() {
        BatchBoundary.Decision decision = BatchBoundary.next(hours(),
                Optional.of(at("2010-12-01T09:30:00Z")), LATENESS,
                Optional.of(at("2010-12-01T12:00:00Z")));

        assertThat(decision.boundary()).contains(at("2010-12-01T12:00:00Z"));
        assertThat(decision.moved()).isFalse();
    }

    @Test
    void unknownEventTimeAndNothingPendingKeepsWhatIsThere() {
        assertThat(BatchBoundary.next(hours(), Optional.empty(), LATENESS, Optional.empty())
                .boundary()).isEmpty();
        assertThat(BatchBoundary.next(hours(), Optional.empty(), LATENESS,
                Optional.of(at("2010-12-01T12:00:00Z"))).boundary())
                .contains(at("2010-12-01T12:00:00Z"));
    }

    @Test
    void samePlaceIsNotAMove() {
        BatchBoundary.Decision decision = BatchBoundary.next(hours("2010-12-01T12:00:00Z"),
                Optional.of(at("2010-12-01T12:30:00Z")), LATENESS,
                Optional.of(at("2010-12-01T12:00:00Z")));

        assertThat(decision.boundary()).contains(at("2010-12-01T12:00:00Z"));
        assertThat(decision.moved()).isFalse();
    }
}
