package io.lambdashop.batch;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class PendingHoursTest {

    private static final Instant H08 = Instant.parse("2010-12-01T08:00:00Z");
    private static final Instant H09 = Instant.parse("2010-12-01T09:00:00Z");
    private static final Instant H10 = Instant.parse("2010-12-01T10:00:00Z");
    private static final Instant H11 = Instant.parse("2010-12-01T11:00:00Z");
    private static final Instant H13 = Instant.parse("2010-12-01T13:00:00Z");

    @Test
    void neverBatchedAndChangedHoursArePendingUnchangedAreNot() {
        Map<Instant, Set<String>> master = Map.of(
                H08, Set.of("a.parquet"),
                H09, Set.of("b.parquet", "late.parquet"),
                H10, Set.of("c.parquet"),
                H11, Set.of());
        Map<Instant, Set<String>> batched = Map.of(
                H08, Set.of("a.parquet"),
                H09, Set.of("b.parquet"));

        assertThat(PendingHours.unbatched(master, batched)).containsExactly(H09, H10);
    }

    @Test
    void onlyHoursCompleteInEventTimeAreDue() {
        NavigableSet<Instant> unbatched = new TreeSet<>(Set.of(H08, H09, H10));
        Duration lateness = Duration.ofMinutes(10);

        // Hour 09 ends 10:00 and may get events until 10:10.
        assertThat(PendingHours.due(unbatched, Optional.of(Instant.parse(
                "2010-12-01T10:09:59Z")), lateness)).containsExactly(H08);
        assertThat(PendingHours.due(unbatched, Optional.of(Instant.parse(
                "2010-12-01T10:10:00Z")), lateness)).containsExactly(H08, H09);
        assertThat(PendingHours.due(unbatched, Optional.empty(), lateness)).isEmpty();
    }

    @Test
    void consecutiveHoursGoInOneRun() {
        NavigableSet<Instant> due = new TreeSet<>(Set.of(H08, H09, H10, H13));

        assertThat(PendingHours.contiguous(due)).containsExactly(
                new HourRange(H08, H11), new HourRange(H13, H13.plus(Hours.ONE_HOUR)));
        assertThat(PendingHours.contiguous(new TreeSet<>())).isEmpty();
    }

    @Test
    void aRangeKeepsItsOwnPendingHoursOnly() {
        NavigableSet<Instant> pending = new TreeSet<>(Set.of(H08, H10, H13));

        // 09:00 up to 11:00: 08 is before it, 13 after, 11 is its end and not in it.
        assertThat(PendingHours.within(new HourRange(H09, H11), pending)).containsExactly(H10);
        assertThat(PendingHours.within(new HourRange(H09, H10), pending)).isEmpty();
        assertThat(PendingHours.within(new HourRange(H08, H13), pending))
                .containsExactly(H08, H10);
    }
}
