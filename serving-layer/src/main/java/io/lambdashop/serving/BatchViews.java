package io.lambdashop.serving;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One loaded version of the batch views ({@code ecommerce.sales_minute}), indexed by
 * dimension and minute. Immutable: a new run is loaded into a new instance and swapped in
 * whole, so a query never sees half of one version and half of another.
 */
public final class BatchViews implements ViewSource {

    /** No batch run yet, or Hive never reached: no boundary, the speed views answer all. */
    public static final BatchViews NONE = new BatchViews(null, null, List.of());

    private final Instant boundary;
    private final String version;
    private final int rowCount;
    private final Map<String, NavigableMap<Instant, List<ViewRow>>> byDimension;

    /**
     * @param boundary every minute before it is answered by these views; null for none
     * @param version  {@code lambda.batch.version} of the run the rows come from
     */
    public BatchViews(Instant boundary, String version, Collection<ViewRow> rows) {
        this.boundary = boundary;
        this.version = version;
        this.rowCount = rows.size();
        Map<String, NavigableMap<Instant, List<ViewRow>>> index = new HashMap<>();
        for (ViewRow row : rows) {
            index.computeIfAbsent(row.dimension(), d -> new TreeMap<>())
                    .computeIfAbsent(row.windowStart(), w -> new ArrayList<>())
                    .add(row);
        }
        this.byDimension = index;
    }

    /** The batch boundary, null when there is none. */
    public Instant boundary() {
        return boundary;
    }

    /** The run's version, null when there is none. */
    public String version() {
        return version;
    }

    /** How many rows were loaded. */
    public int rowCount() {
        return rowCount;
    }

    @Override
    public List<ViewRow> rows(String dimension, TimeRange range) {
        NavigableMap<Instant, List<ViewRow>> windows = byDimension.get(dimension);
        List<ViewRow> rows = new ArrayList<>();
        if (windows == null || range.isEmpty()) {
            return rows;
        }
        for (List<ViewRow> window : windows.subMap(range.from(), true, range.to(), false)
                .values()) {
            rows.addAll(window);
        }
        return rows;
    }
}
