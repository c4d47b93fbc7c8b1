package io.lambdashop.serving;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LayerMergeTest {

    private static final Instant BOUNDARY = Instant.parse("2010-12-01T10:00:00Z");

    /**
     * Batch views: 09:58 and 09:59, plus a stray 10:00 row past the boundary that must never
     * count. Speed views: a copy of 09:59 (already batched, must never count), 10:00, 10:01.
     */
    private static final ViewSource BATCH = source(List.of(
            all("09:58", "10.100", 2, 3),
            all("09:59", "5.005", 1, 1),
            all("10:00", "999.000", 9, 9),
            row("country", "France", "09:58", "10.100", 2, 3),
            row("country", "Spain", "09:59", "5.005", 1, 1)));
    private static final ViewSource SPEED = source(List.of(
            all("09:59", "5.005", 1, 1),
            all("10:00", "7.250", 1, 5),
            all("10:01", "1.000", 1, 1),
            row("country", "Spain", "09:59", "5.005", 1, 1),
            row("country", "Spain", "10:00", "7.250", 1, 5),
            row("country", "France", "10:01", "1.000", 1, 1)));

    @Test
    void rangeStraddlingTheBoundaryCountsEachMinuteOnce() {
        LayerMerge.Totals totals = LayerMerge.totals(BATCH, SPEED, range("09:58", "10:02"),
                BOUNDARY);

        // 10.100 + 5.005 (batch) + 7.250 + 1.000 (speed); 09:59 once, 10:00 from speed only.
        assertThat(totals.revenue()).isEqualByComparingTo("23.355");
        assertThat(totals.transactions()).isEqualTo(5);
        assertThat(totals.units()).isEqualTo(3 + 1 + 5 + 1);
        assertThat(totals.batchMinutes()).isEqualTo(2);
        assertThat(totals.speedMinutes()).isEqualTo(2);
        assertThat(totals.averageAmount()).isEqualByComparingTo("4.67");
    }

    @Test
    void rangeEntirelyBeforeTheBoundaryUsesOnlyBatchViews() {
        LayerMerge.Totals totals = LayerMerge.totals(BATCH, SPEED, range("09:00", "10:00"),
                BOUNDARY);

        assertThat(totals.revenue()).isEqualByComparingTo("15.105");
        assertThat(totals.transactions()).isEqualTo(3);
        assertThat(totals.batchMinutes()).isEqualTo(2);
        assertThat(totals.speedMinutes()).isZero();
    }

    @Test
    void rangeEntirelyAfterTheBoundaryUsesOnlySpeedViews() {
        LayerMerge.Totals totals = LayerMerge.totals(BATCH, SPEED, range("10:00", "11:00"),
                BOUNDARY);

        assertThat(totals.revenue()).isEqualByComparingTo("8.250");
        assertThat(totals.transactions()).isEqualTo(2);
        assertThat(totals.batchMinutes()).isZero();
        assertThat(totals.speedMinutes()).isEqualTo(2);
    }

    @Test
    void theEdgeHasNoGap() {
        LayerMerge.Split split = LayerMerge.split(range("09:30", "10:30"), BOUNDARY);
        assertThat(split.batch().to()).isEqualTo(BOUNDARY);
        assertThat(split.speed().from()).isEqualTo(BOUNDARY);

        // The last batch minute and the first speed minute, both once.
        LayerMerge.Totals edge = LayerMerge.totals(BATCH, SPEED, range("09:59", "10:01"),
                BOUNDARY);
        assertThat(edge.revenue()).isEqualByComparingTo("12.255");
        assertThat(edge.batchMinutes()).isEqualTo(1);
        assertThat(edge.speedMinutes()).isEqualTo(1);
    }

    @Test
    void withoutABoundaryTheSpeedViewsAnswerEverything() {
        LayerMerge.Totals totals = LayerMerge.totals(BATCH, SPEED, range("09:00", "11:00"),
                null);

        assertThat(totals.revenue()).isEqualByComparingTo("13.255");
        assertThat(totals.batchMinutes()).isZero();
        assertThat(totals.speedMinutes()).isEqualTo(3);
    }

    @Test
    void boundaryOutsideTheRangeLeavesOneSideEmpty() {
        LayerMerge.Split early = LayerMerge.split(range("10:00", "11:00"),
                Instant.parse("2010-12-01T08:00:00Z"));
        assertThat(early.batch().isEmpty()).isTrue();
        assertThat(early.speed()).isEqualTo(range("10:00", "11:00"));

        LayerMerge.Split late = LayerMerge.split(range("08:00", "09:00"), BOUNDARY);
        assertThat(late.batch()).isEqualTo(range("08:00", "09:00"));
        assertThat(late.speed().isEmpty()).isTrue();
    }

    @Test
    void uniqueUsersAreTheUnionOfOverlappingSketchesNotTheirSum() {
        // 1000 users before the boundary, 1000 after, 500 of them in both: 1500 distinct.
        ViewSource batch = source(List.of(allWithUsers("09:59", users(0, 1000))));
        ViewSource speed = source(List.of(allWithUsers("10:00", users(500, 1500))));

        LayerMerge.Totals totals = LayerMerge.totals(batch, speed, range("09:00", "11:00"),
                BOUNDARY);

        // lgK 12 has a standard error of about 1.6%; 3% leaves room and excludes 2000.
        assertThat(totals.uniqueUsers().doubleValue()).isCloseTo(1500.0, within(45.0));
    }

    @Test
    void uniqueUsersAreNullWithoutUserIds() {
        LayerMerge.Totals noSketch = LayerMerge.totals(BATCH, SPEED, range("09:00", "11:00"),
                BOUNDARY);
        assertThat(noSketch.uniqueUsers()).isNull();

        ViewSource emptySketch = source(List.of(allWithUsers("10:00", users(0, 0))));
        assertThat(LayerMerge.totals(ViewSource.EMPTY, emptySketch, range("09:00", "11:00"),
                BOUNDARY).uniqueUsers()).isNull();
    }

    @Test
    void averageAmountRoundsHalfEvenToCents() {
        ViewSource speed = source(List.of(all("10:00", "0.125", 1, 1)));
        LayerMerge.Totals totals = LayerMerge.totals(ViewSource.EMPTY, speed,
                range("10:00", "11:00"), BOUNDARY);

        assertThat(totals.averageAmount()).isEqualTo(new BigDecimal("0.12"));
        assertThat(LayerMerge.totals(ViewSource.EMPTY, ViewSource.EMPTY,
                range("10:00", "11:00"), BOUNDARY).averageAmount()).isNull();
    }

    @Test
    void keysAddUpAcrossLayersLargestRevenueFirst() {
        List<LayerMerge.KeyTotals> countries = LayerMerge.byKey(BATCH, SPEED, "country",
                range("09:00", "11:00"), BOUNDARY);

        // Spain: 5.005 (batch 09:59) + 7.250 (speed 10:00); France: 10.100 + 1.000.
        assertThat(countries).containsExactly(
                new LayerMerge.KeyTotals("Spain", new BigDecimal("12.255"), 2, 6),
                new LayerMerge.KeyTotals("France", new BigDecimal("11.100"), 3, 4));
    }

    @Test
    void timeseriesMarksEachBucketWithItsLayer() {
        List<LayerMerge.Bucket> hours = LayerMerge.timeseries(BATCH, SPEED,
                range("09:00", "11:00"), BOUNDARY, LayerMerge.Grain.HOUR);

        assertThat(hours).containsExactly(
                new LayerMerge.Bucket(at("09:00"), new BigDecimal("15.105"), 3,
                        LayerMerge.Source.BATCH),
                new LayerMerge.Bucket(at("10:00"), new BigDecimal("8.250"), 2,
                        LayerMerge.Source.SPEED));

        List<LayerMerge.Bucket> minutes = LayerMerge.timeseries(BATCH, SPEED,
                range("09:59", "10:01"), BOUNDARY, LayerMerge.Grain.MINUTE);
        assertThat(minutes).extracting(LayerMerge.Bucket::source)
                .containsExactly(LayerMerge.Source.BATCH, LayerMerge.Source.SPEED);
    }

    @Test
    void topTakesEachSideOnItsOwnSideOfTheBoundary() {
        List<TopTransaction> batchTop = List.of(
                top("b1", "09:10", "50.000"),
                top("b2", "09:20", "20.000"));
        List<TopTransaction> speedTop = List.of(
                top("s0", "09:30", "500.000"),
                top("s1", "10:05", "30.000"),
                top("s2", "10:06", "20.000"),
                top("s3", "11:30", "900.000"));

        List<TopTransaction> top = LayerMerge.top(batchTop, speedTop, range("09:00", "11:00"),
                BOUNDARY, 3);

        // s0 is before the boundary (batch answers there), s3 is after the range.
        assertThat(top).extracting(TopTransaction::transactionId)
                .containsExactly("b1", "s1", "b2");
    }

    @Test
    void topProductsAddBatchTotalsAndSpeedCandidatesPerProductId() {
        // The batch side is already cut to [09:00, 10:00) by its Hive query.
        List<LayerMerge.ProductTotals> batchProducts = List.of(
                new LayerMerge.ProductTotals("P1", "Lamp", new BigDecimal("40.000"), 3, 4),
                new LayerMerge.ProductTotals("P2", "Clock", new BigDecimal("45.500"), 1, 1));
        List<TopTransaction> speedTop = List.of(
                top("s0", "09:30", "500.000"),
                product("s1", "10:05", "P1", "Lamp (blue)", "10.000", 2),
                product("s2", "10:06", "P3", "<b>Vase</b>", "-2.500", -1),
                product("s3", "11:30", "P2", "Clock", "900.000", 1));

        List<LayerMerge.ProductTotals> top = LayerMerge.topProducts(batchProducts, speedTop,
                range("09:00", "11:00"), BOUNDARY, 10);

        // P1: 40.000 + 10.000; P2: 45.500 (s3 is after the range); P3: a return, -2.500;
        // s0 (product P1 of the helper) is before the boundary, where the batch answers.
        assertThat(top).extracting(LayerMerge.ProductTotals::productId)
                .containsExactly("P1", "P2", "P3");
        assertThat(top.get(0).revenue()).isEqualByComparingTo("50.000");
        assertThat(top.get(0).transactions()).isEqualTo(4);
        assertThat(top.get(0).units()).isEqualTo(6);
        assertThat(top.get(0).productName()).isEqualTo("Lamp");
        assertThat(top.get(2).productName()).isEqualTo("<b>Vase</b>");
        assertThat(LayerMerge.topProducts(batchProducts, speedTop, range("09:00", "11:00"),
                BOUNDARY, 1)).hasSize(1);
    }

    private static TopTransaction product(String id, String minute, String productId,
            String productName, String amount, int quantity) {
        return new TopTransaction(id, at(minute), new BigDecimal(amount), quantity, productId,
                productName, null, null, "France", null);
    }

    private static ViewSource source(List<ViewRow> rows) {
        return (dimension, range) -> rows;
    }

    private static ViewRow all(String minute, String revenue, long transactions, long units) {
        return row(ViewRow.ALL, null, minute, revenue, transactions, units);
    }

    private static ViewRow row(String dimension, String key, String minute, String revenue,
            long transactions, long units) {
        return new ViewRow(dimension, key, at(minute), new BigDecimal(revenue), transactions,
                units, 0, BigDecimal.ZERO, null);
    }

    private static ViewRow allWithUsers(String minute, HllSketch users) {
        return new ViewRow(ViewRow.ALL, null, at(minute), BigDecimal.ONE, 1, 1, 0,
                BigDecimal.ZERO, users);
    }

    private static HllSketch users(int first, int endExclusive) {
        HllSketch sketch = new HllSketch(12, TgtHllType.HLL_8);
        for (int i = first; i < endExclusive; i++) {
            sketch.update("user-" + i);
        }
        // Through base64 and back, as both layers store them.
        return Sketches.fromBase64(Sketches.toBase64(sketch));
    }

    private static TopTransaction top(String id, String minute, String amount) {
        return new TopTransaction(id, at(minute), new BigDecimal(amount), 1, "P1", "p", "c", "x",
                "France", "card");
    }

    private static TimeRange range(String from, String to) {
        return new TimeRange(at(from), at(to));
    }

    private static Instant at(String hourMinute) {
        return Instant.parse("2010-12-01T" + hourMinute + ":00Z");
    }
}
