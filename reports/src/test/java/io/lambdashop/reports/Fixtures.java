package io.lambdashop.reports;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A small day worked out by hand: four transactions this day (three in the UK for 1,000.00
 * at 08:xx, one in France for 250.50 at 12:xx, one of them a return of 20.00), five the day
 * before for 1,000.40. Its best product sold 600.00 in two transactions.
 */
final class Fixtures {

    static final Period DAY = Period.day("2010-12-01");

    private Fixtures() {
    }

    static ReportData.Totals today(Instant boundary) {
        // Average: 1250.500 / 4 = 312.625, half-even to 312.62, as the serving layer sends it.
        return new ReportData.Totals(new BigDecimal("1250.500"), 4, 30, 3L,
                new BigDecimal("312.62"), 1, new BigDecimal("20.000"), boundary, "v7", 3, 0);
    }

    static ReportData.Totals dayBefore() {
        return new ReportData.Totals(new BigDecimal("1000.400"), 5, 25, 4L,
                new BigDecimal("200.08"), 0, BigDecimal.ZERO,
                Instant.parse("2010-12-02T00:00:00Z"), "v7", 5, 0);
    }

    static ReportData day(Instant boundary) {
        return new ReportData(DAY, today(boundary), dayBefore(),
                List.of(),
                List.of(new ReportData.KeyFigures("United Kingdom", new BigDecimal("1000.000"),
                                3, 20),
                        new ReportData.KeyFigures("France", new BigDecimal("250.500"), 1, 10)),
                List.of(),
                products(true),
                List.of(new ReportData.TopTransaction("536365-1",
                        Instant.parse("2010-12-01T08:26:00Z"), new BigDecimal("15.300"), 6,
                        "WHITE HANGING HEART T-LIGHT HOLDER", "United Kingdom")),
                List.of(new ReportData.Bucket(Instant.parse("2010-12-01T08:00:00Z"),
                                new BigDecimal("1000.000"), 3, "batch"),
                        new ReportData.Bucket(Instant.parse("2010-12-01T12:00:00Z"),
                                new BigDecimal("250.500"), 1, "batch")),
                new ReportData.Health(2L, 1L),
                Instant.parse("2026-12-03T19:00:00Z"));
    }

    static ReportData.Products products(boolean exact) {
        return new ReportData.Products(List.of(
                new ReportData.ProductFigures("85123A", "WHITE HANGING HEART T-LIGHT HOLDER",
                        new BigDecimal("600.000"), 2, 24),
                new ReportData.ProductFigures("22752", null, new BigDecimal("400.000"), 1, 6)),
                exact);
    }

    static ReportData completeDay() {
        return day(Instant.parse("2010-12-02T00:00:00Z"));
    }
}
