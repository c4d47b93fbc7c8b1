package io.lambdashop.reports;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DueReportsTest {

    private static final Instant BOUNDARY = Instant.parse("2010-12-10T05:00:00Z");

    @Test
    void onlyPeriodsThatEndByTheBoundaryAreCandidates() {
        List<String> names = DueReports.candidates(BOUNDARY).stream().map(Period::toString)
                .toList();

        // Days: the 14 that end between 2010-11-26T05 (exclusive) and 05:00 on the 10th.
        assertThat(names).contains("daily 2010-11-26", "daily 2010-12-09")
                .doesNotContain("daily 2010-11-25", "daily 2010-12-10");
        assertThat(names.stream().filter(n -> n.startsWith("daily"))).hasSize(14);
        // Hours: the 24 before the boundary; 04:00-05:00 is the last complete one.
        assertThat(names).contains("hourly 2010-12-09T05", "hourly 2010-12-10T04")
                .doesNotContain("hourly 2010-12-09T04", "hourly 2010-12-10T05");
        assertThat(names.stream().filter(n -> n.startsWith("hourly"))).hasSize(24);
        assertThat(DueReports.candidates(null)).isEmpty();
    }

    @Test
    void aDayEndingExactlyAtTheBoundaryIsComplete() {
        List<Period> periods = DueReports.candidates(Instant.parse("2010-12-02T00:00:00Z"));

        assertThat(periods).contains(Period.day("2010-12-01"), Period.hour("2010-12-01T23"));
    }

    @Test
    void aReportOfTheVersionInServiceIsNotRenderedAgain() {
        ReportData.Totals now = totals("100.00", 3, "v2");
        ReportData.Totals before = totals("80.00", 2, "v2");
        ReportFiles.Record sameVersion = record("v2", ReportFiles.fingerprint(now, before));

        assertThat(DueReports.decide(sameVersion, now, before))
                .isEqualTo(DueReports.Action.CURRENT);
    }

    @Test
    void aNewVersionWithTheSameFiguresOnlyRestamps() {
        ReportData.Totals now = totals("100.00", 3, "v3");
        ReportData.Totals before = totals("80.00", 2, "v3");
        // Written under v2 with the same figures (scale does not matter: 100.000 = 100.00).
        ReportFiles.Record old = record("v2", ReportFiles.fingerprint(
                totals("100.000", 3, "v2"), totals("80.0", 2, "v2")));

        assertThat(DueReports.decide(old, now, before)).isEqualTo(DueReports.Action.RESTAMP);
    }

    @Test
    void changedFiguresOrTheFirstTimeRender() {
        ReportData.Totals now = totals("100.00", 3, "v3");
        ReportData.Totals before = totals("80.00", 2, "v3");
        // A late event re-batched into the previous period changes the comparison.
        ReportFiles.Record old = record("v2", ReportFiles.fingerprint(now,
                totals("75.00", 2, "v2")));

        assertThat(DueReports.decide(old, now, before)).isEqualTo(DueReports.Action.RENDER);
        assertThat(DueReports.decide(null, now, before)).isEqualTo(DueReports.Action.RENDER);
    }

    @Test
    void aPeriodWithoutSalesGetsNoReport() {
        assertThat(DueReports.decide(null, totals("0", 0, "v3"), totals("0", 0, "v3")))
                .isEqualTo(DueReports.Action.EMPTY);
    }

    private static ReportData.Totals totals(String revenue, long transactions, String version) {
        return new ReportData.Totals(new BigDecimal(revenue), transactions, transactions, null,
                null, 0, BigDecimal.ZERO, BOUNDARY, version, transactions, 0);
    }

    private static ReportFiles.Record record(String version, String fingerprint) {
        return new ReportFiles.Record(Period.day("2010-12-01"), version, BOUNDARY, fingerprint,
                Instant.parse("2026-12-03T00:00:00Z"));
    }
}
