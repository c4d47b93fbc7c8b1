package io.lambdashop.serving;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The speed views in memory: the latest row per (dimension, key, window start), and the
 * {@code speed-top} candidates per transaction id. Written by the one consumer thread, read
 * by the HTTP handlers at the same time.
 */
public final class SpeedViews implements ViewSource {

    /** Stands for the null key of the {@code all} rows in the maps below. */
    private static final String NO_KEY = "";

    private final Map<String, ConcurrentSkipListMap<Instant, Map<String, ViewRow>>> byDimension =
            new ConcurrentHashMap<>();
    private final Map<String, TopTransaction> topCandidates = new ConcurrentHashMap<>();

    /** Keeps {@code row}, replacing the earlier state of its window. */
    public void put(ViewRow row) {
        byDimension.computeIfAbsent(row.dimension(), d -> new ConcurrentSkipListMap<>())
                .computeIfAbsent(row.windowStart(), w -> new ConcurrentHashMap<>())
                .put(row.key() == null ? NO_KEY : row.key(), row);
    }

    /** Keeps a {@code speed-top} candidate. */
    public void putTop(TopTransaction transaction) {
        topCandidates.put(transaction.transactionId(), transaction);
    }

    @Override
    public List<ViewRow> rows(String dimension, TimeRange range) {
        ConcurrentSkipListMap<Instant, Map<String, ViewRow>> windows = byDimension.get(dimension);
        List<ViewRow> rows = new ArrayList<>();
        if (windows == null || range.isEmpty()) {
            return rows;
        }
        for (Map<String, ViewRow> window : windows.subMap(range.from(), range.to()).values()) {
            rows.addAll(window.values());
        }
        return rows;
    }

    /** Every {@code speed-top} candidate held. */
    public Collection<TopTransaction> topCandidates() {
        return topCandidates.values();
    }

    /** The start of the newest window held, null when none. */
    public Instant newestWindow() {
        Instant newest = null;
        for (ConcurrentSkipListMap<Instant, Map<String, ViewRow>> windows : byDimension.values()) {
            Map.Entry<Instant, Map<String, ViewRow>> last = windows.lastEntry();
            if (last != null && (newest == null || last.getKey().isAfter(newest))) {
                newest = last.getKey();
            }
        }
        return newest;
    }

    /** How many view rows are held, over all dimensions. */
    public long size() {
        long size = 0;
        for (ConcurrentSkipListMap<Instant, Map<String, ViewRow>> windows : byDimension.values()) {
            for (Map<String, ViewRow> window : windows.values()) {
                size += window.size();
            }
        }
        return size;
    }

    /**
     * Drops the windows that start before {@code cutoff}: the batch views answer for them, so
     * they only cost memory.
     *
     * @return how many windows were dropped
     */
    public int dropBefore(Instant cutoff) {
        int dropped = 0;
        for (ConcurrentSkipListMap<Instant, Map<String, ViewRow>> windows : byDimension.values()) {
            ConcurrentNavigableMap<Instant, Map<String, ViewRow>> old = windows.headMap(cutoff);
            dropped += old.size();
            old.clear();
        }
        topCandidates.values().removeIf(t -> t.eventTime().isBefore(cutoff));
        return dropped;
    }
}
