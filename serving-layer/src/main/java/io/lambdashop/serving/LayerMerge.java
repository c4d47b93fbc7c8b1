package io.lambdashop.serving;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The boundary rule: with batch boundary {@code B}, a query for {@code [from, to)} is answered
 * from batch views on {@code [from, min(to, B))} and from speed views on
 * {@code [max(from, B), to)}. Every minute belongs to exactly one side, so nothing is counted
 * twice and nothing falls in a gap.
 *
 * <p>Pure functions of their inputs: no clock, no I/O. Measures add up exactly; unique users
 * are the union of the minutes' HLL sketches, never a sum.
 */
public final class LayerMerge {

    /** The sketch size of both layers (see {@code SparkEvents.USERS_SKETCH_LG_K}). */
    static final int USERS_SKETCH_LG_K = 12;

    private static final int AVERAGE_SCALE = 2;

    private LayerMerge() {
    }

    /** Which part of a query range each layer answers. */
    public record Split(TimeRange batch, TimeRange speed) {
    }

    /** The figures of a whole range. */
    public record Totals(BigDecimal revenue, long transactions, long units, long returns,
            BigDecimal returnedAmount, Long uniqueUsers, long batchMinutes, long speedMinutes) {

        /** Revenue per transaction, 2 decimals half-even; null without transactions. */
        public BigDecimal averageAmount() {
            if (transactions == 0) {
                return null;
            }
            return revenue.divide(BigDecimal.valueOf(transactions), AVERAGE_SCALE,
                    RoundingMode.HALF_EVEN);
        }
    }

    /** The figures of one key of a dimension. */
    public record KeyTotals(String key, BigDecimal revenue, long transactions, long units) {
    }

    /** The figures of one product; the name is one of the names its id was sold under. */
    public record ProductTotals(String productId, String productName, BigDecimal revenue,
            long transactions, long units) {

        private String mergeKey() {
            return productId != null ? "id:" + productId : "name:" + productName;
        }
    }

    /** Which layer answered a time bucket. */
    public enum Source {
        BATCH, SPEED, MIXED;

        /** Lower-case name, as in JSON. */
        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The size of a time-series bucket. */
    public enum Grain {
        MINUTE(ChronoUnit.MINUTES), HOUR(ChronoUnit.HOURS);

        private final ChronoUnit unit;

        Grain(ChronoUnit unit) {
            this.unit = unit;
        }

        Instant bucketOf(Instant instant) {
            return instant.truncatedTo(unit);
        }
    }

    /** One time-series bucket. */
    public record Bucket(Instant start, BigDecimal revenue, long transactions, Source source) {
    }

    /**
     * Splits {@code range} at {@code boundary}. Without a boundary (no batch run yet, or Hive
     * unreachable) the speed views answer everything.
     */
    public static Split split(TimeRange range, Instant boundary) {
        if (boundary == null) {
            return new Split(new TimeRange(range.from(), range.from()), range);
        }
        Instant batchEnd = min(range.to(), boundary);
        Instant speedStart = max(range.from(), boundary);
        return new Split(new TimeRange(range.from(), batchEnd),
                new TimeRange(speedStart, range.to()));
    }

    /** The totals of {@code range}: the {@code all} rows of each side, added up. */
    public static Totals totals(ViewSource batch, ViewSource speed, TimeRange range,
            Instant boundary) {
        Split split = split(range, boundary);
        List<ViewRow> batchRows = rowsIn(batch, ViewRow.ALL, split.batch());
        List<ViewRow> speedRows = rowsIn(speed, ViewRow.ALL, split.speed());

        // Measures add up; the minutes are counted per side so that a reader can see
        // how much of the answer is final (batch) and how much is provisional (speed).
        BigDecimal revenue = BigDecimal.ZERO;
        BigDecimal returnedAmount = BigDecimal.ZERO;
        long transactions = 0;
        long units = 0;
        long returns = 0;
        List<ViewRow> all = new ArrayList<>(batchRows);
        all.addAll(speedRows);
        for (ViewRow row : all) {
            revenue = revenue.add(row.revenue());
            returnedAmount = returnedAmount.add(row.returnedAmount());
            transactions += row.transactions();
            units += row.units();
            returns += row.returns();
        }

        return new Totals(revenue, transactions, units, returns, returnedAmount,
                uniqueUsers(all), distinctMinutes(batchRows), distinctMinutes(speedRows));
    }

    /** The figures per key of {@code dimension}, largest revenue first. */
    public static List<KeyTotals> byKey(ViewSource batch, ViewSource speed, String dimension,
            TimeRange range, Instant boundary) {
        Split split = split(range, boundary);
        List<ViewRow> rows = rowsIn(batch, dimension, split.batch());
        rows.addAll(rowsIn(speed, dimension, split.speed()));

        Map<String, KeyTotals> byKey = new HashMap<>();
        for (ViewRow row : rows) {
            if (row.key() == null) {
                continue;
            }
            byKey.merge(row.key(),
                    new KeyTotals(row.key(), row.revenue(), row.transactions(), row.units()),
                    (a, b) -> new KeyTotals(a.key(), a.revenue().add(b.revenue()),
                            a.transactions() + b.transactions(), a.units() + b.units()));
        }

        List<KeyTotals> sorted = new ArrayList<>(byKey.values());
        sorted.sort(Comparator.comparing(KeyTotals::revenue).reversed()
                .thenComparing(KeyTotals::key));
        return sorted;
    }

    /**
     * Revenue and transactions per bucket, oldest first; only buckets that hold data. A bucket
     * is {@code mixed} only when the boundary is not on a bucket edge, which the batch job
     * never does for hours or minutes.
     */
    public static List<Bucket> timeseries(ViewSource batch, ViewSource speed, TimeRange range,
            Instant boundary, Grain grain) {
        Split split = split(range, boundary);
        TreeMap<Instant, Bucket> buckets = new TreeMap<>();
        addToBuckets(buckets, rowsIn(batch, ViewRow.ALL, split.batch()), Source.BATCH, grain);
        addToBuckets(buckets, rowsIn(speed, ViewRow.ALL, split.speed()), Source.SPEED, grain);
        return new ArrayList<>(buckets.values());
    }

    /**
     * The {@code limit} largest transactions of {@code range}: batch candidates before the
     * boundary, speed candidates from it on.
     */
    public static List<TopTransaction> top(Collection<TopTransaction> batchCandidates,
            Collection<TopTransaction> speedCandidates, TimeRange range, Instant boundary,
            int limit) {
        Split split = split(range, boundary);
        List<TopTransaction> merged = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (TopTransaction t : batchCandidates) {
            if (split.batch().contains(t.eventTime()) && seen.add(t.transactionId())) {
                merged.add(t);
            }
        }
        for (TopTransaction t : speedCandidates) {
            if (split.speed().contains(t.eventTime()) && seen.add(t.transactionId())) {
                merged.add(t);
            }
        }
        merged.sort(TopTransaction.LARGEST_FIRST);
        return List.copyOf(merged.subList(0, Math.min(limit, merged.size())));
    }

    /**
     * The {@code limit} products of {@code range} with the largest revenue. Before the
     * boundary, {@code batchProducts} are exact per-product totals (from the batch layer's
     * transactions table). After it, the speed layer keeps no product view, so only the
     * {@code speed-top} candidates (the largest transactions of each minute) are counted:
     * the speed side of this answer is a lower bound, complete only for minutes with at
     * most that many transactions.
     */
    public static List<ProductTotals> topProducts(Collection<ProductTotals> batchProducts,
            Collection<TopTransaction> speedCandidates, TimeRange range, Instant boundary,
            int limit) {
        Split split = split(range, boundary);
        Map<String, ProductTotals> byProduct = new HashMap<>();
        for (ProductTotals product : batchProducts) {
            byProduct.merge(product.mergeKey(), product, LayerMerge::addProducts);
        }
        for (TopTransaction t : speedCandidates) {
            if (!split.speed().contains(t.eventTime())) {
                continue;
            }
            ProductTotals sold = new ProductTotals(t.productId(), t.productName(), t.amount(),
                    1, t.quantity());
            byProduct.merge(sold.mergeKey(), sold, LayerMerge::addProducts);
        }

        List<ProductTotals> sorted = new ArrayList<>(byProduct.values());
        sorted.sort(Comparator.comparing(ProductTotals::revenue).reversed()
                .thenComparing(p -> p.mergeKey()));
        return List.copyOf(sorted.subList(0, Math.min(limit, sorted.size())));
    }

    private static ProductTotals addProducts(ProductTotals a, ProductTotals b) {
        return new ProductTotals(a.productId(),
                a.productName() != null ? a.productName() : b.productName(),
                a.revenue().add(b.revenue()), a.transactions() + b.transactions(),
                a.units() + b.units());
    }

    /**
     * The distinct users of {@code rows}: the union of their sketches, rounded; null when no
     * row carries a sketch or the union saw no user at all (no user ids in the range).
     */
    static Long uniqueUsers(Collection<ViewRow> rows) {
        Union union = new Union(USERS_SKETCH_LG_K);
        for (ViewRow row : rows) {
            HllSketch sketch = row.usersSketch();
            if (sketch != null) {
                union.update(sketch);
            }
        }
        if (union.isEmpty()) {
            return null;
        }
        HllSketch result = union.getResult(TgtHllType.HLL_8);
        return Math.round(result.getEstimate());
    }

    private static List<ViewRow> rowsIn(ViewSource source, String dimension, TimeRange range) {
        List<ViewRow> kept = new ArrayList<>();
        if (range.isEmpty()) {
            return kept;
        }
        // NOTE: filtered again here, so that a source that answers loosely can never put a
        // minute on the wrong side of the boundary.
        for (ViewRow row : source.rows(dimension, range)) {
            if (dimension.equals(row.dimension()) && range.contains(row.windowStart())) {
                kept.add(row);
            }
        }
        return kept;
    }

    private static long distinctMinutes(List<ViewRow> rows) {
        return rows.stream().map(ViewRow::windowStart).distinct().count();
    }

    private static void addToBuckets(Map<Instant, Bucket> buckets, List<ViewRow> rows,
            Source source, Grain grain) {
        for (ViewRow row : rows) {
            Instant start = grain.bucketOf(row.windowStart());
            buckets.merge(start, new Bucket(start, row.revenue(), row.transactions(), source),
                    (a, b) -> new Bucket(start, a.revenue().add(b.revenue()),
                            a.transactions() + b.transactions(),
                            a.source() == b.source() ? a.source() : Source.MIXED));
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
