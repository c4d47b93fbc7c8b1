package io.lambdashop.batch;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HourRangeTest {

    @Test
    void nineDaysOfDecemberAre216HoursInOrder() {
        HourRange range = HourRange.parse("2010-12-01T00", "2010-12-10T00");

        List<Instant> hours = range.hours();

        assertThat(hours).hasSize(9 * 24);
        assertThat(range.size()).isEqualTo(216);
        assertThat(hours.get(0)).isEqualTo(Instant.parse("2010-12-01T00:00:00Z"));
        assertThat(hours.get(215)).isEqualTo(Instant.parse("2010-12-09T23:00:00Z"));
        assertThat(range.contains(Instant.parse("2010-12-10T00:00:00Z"))).isFalse();
    }

    @Test
    void acceptsAnIsoInstantOnAWholeHour() {
        HourRange range = HourRange.parse("2010-12-01T08:00:00Z", "2010-12-01T09");

        assertThat(range.hours()).containsExactly(Instant.parse("2010-12-01T08:00:00Z"));
        assertThat(range).hasToString("2010-12-01T08..2010-12-01T09");
    }

    @Test
    void badHoursAreExplained() {
        assertThatThrownBy(() -> HourRange.parse("2010-12-1T00", "2010-12-02T00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--from '2010-12-1T00' is not an hour; expected yyyy-MM-ddTHH in "
                        + "UTC, e.g. 2010-12-01T08");
        assertThatThrownBy(() -> HourRange.parse("2010-12-01T00", "2010-12-01T24"))
                .hasMessageStartingWith("--to '2010-12-01T24' is not an hour");
        assertThatThrownBy(() -> HourRange.parse("2010-02-30T00", "2010-03-01T00"))
                .hasMessageStartingWith("--from '2010-02-30T00' is not an hour");
        assertThatThrownBy(() -> HourRange.parse("2010-12-01T08:30:00Z", "2010-12-01T10"))
                .hasMessage("--from '2010-12-01T08:30:00Z' is not on a whole hour; "
                        + "expected e.g. 2010-12-01T08");
        assertThatThrownBy(() -> HourRange.parse(null, "2010-12-01T10"))
                .hasMessageStartingWith("--from is missing");
    }

    @Test
    void toMustBeAfterFrom() {
        assertThatThrownBy(() -> HourRange.parse("2010-12-01T08", "2010-12-01T08"))
                .hasMessageStartingWith("--to 2010-12-01T08 must be after --from 2010-12-01T08");
        assertThatThrownBy(() -> HourRange.parse("2010-12-02T00", "2010-12-01T00"))
                .hasMessageContaining("must be after");
        assertThatThrownBy(() -> HourRange.parse("2010-01-01T00", "2020-01-01T00"))
                .hasMessageContaining("split it into runs");
    }

    @Test
    void partitionNamesRoundTrip() {
        Instant hour = Instant.parse("2010-12-09T07:00:00Z");

        assertThat(Hours.partitionPath(hour)).isEqualTo("dt=2010-12-09/hr=7");
        assertThat(Hours.partitionSpec(hour)).isEqualTo("PARTITION (dt='2010-12-09', hr=7)");
        assertThat(Hours.fromPath("file:/x/master/dt=2010-12-09/hr=7/part-0.parquet"))
                .isEqualTo(hour);
        assertThat(Hours.fromPath("file:/x/master/_spark_metadata/0")).isNull();
    }

    @Test
    void latenessIsReadLikeSparkIntervals() {
        assertThat(Hours.parseLateness("10 minutes")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Hours.parseLateness("1 hour")).isEqualTo(Duration.ofHours(1));
        assertThat(Hours.parseLateness("30 seconds")).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> Hours.parseLateness("10m"))
                .hasMessageContaining("expected e.g. '10 minutes'");
    }
}
