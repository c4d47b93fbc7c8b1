package io.lambdashop.reports;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeriodTest {

    @Test
    void aDayIsNamedByItsDateAndEndsAtTheNextMidnight() {
        Period day = Period.day("2010-12-01");

        assertThat(day.name()).isEqualTo("2010-12-01");
        assertThat(day.start()).isEqualTo(Instant.parse("2010-12-01T00:00:00Z"));
        assertThat(day.end()).isEqualTo(Instant.parse("2010-12-02T00:00:00Z"));
        assertThat(day.previous().name()).isEqualTo("2010-11-30");
        assertThat(day.title()).isEqualTo("day 2010-12-01 (UTC)");
    }

    @Test
    void anHourIsNamedByItsDateAndHour() {
        Period hour = Period.hour("2010-12-01T08");

        assertThat(hour.name()).isEqualTo("2010-12-01T08");
        assertThat(hour.end()).isEqualTo(Instant.parse("2010-12-01T09:00:00Z"));
        assertThat(hour.previous().name()).isEqualTo("2010-12-01T07");
        assertThat(Period.hour("2010-12-01T00").previous().name()).isEqualTo("2010-11-30T23");
        assertThat(hour.title()).isEqualTo("hour 2010-12-01 08:00-09:00 (UTC)");
        assertThat(Period.hour("2010-12-01T08:00:00Z")).isEqualTo(hour);
    }

    @Test
    void badPeriodsAreRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> Period.day("2010-13-01")).hasMessageContaining("2010-12-01");
        assertThatThrownBy(() -> Period.hour("2010-12-01 08")).hasMessageContaining(
                "2010-12-01T08");
        assertThatThrownBy(() -> Period.hour("2010-12-01T08:30")).hasMessageContaining(
                "whole hour");
    }

    @Test
    void thePeriodOfAnInstantIsItsHourOrDay() {
        Instant instant = Instant.parse("2010-12-01T08:26:00Z");

        assertThat(Period.Kind.HOURLY.of(instant).name()).isEqualTo("2010-12-01T08");
        assertThat(Period.Kind.DAILY.of(instant).name()).isEqualTo("2010-12-01");
    }
}
