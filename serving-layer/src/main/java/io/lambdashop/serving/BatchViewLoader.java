package io.lambdashop.serving;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the serving layer's copy of the batch views current. Every refresh it reads the
 * table properties of {@code ecommerce.sales_minute} (metadata, cheap), and loads the table
 * again only when {@code lambda.batch.version} changed.
 *
 * <p>While Hive cannot be reached the views loaded last stay in service (their hours do not
 * change without a new version); before the first load there is no boundary, and the speed
 * views answer everything.
 */
public final class BatchViewLoader {

    private static final Logger LOG = LoggerFactory.getLogger(BatchViewLoader.class);

    /** Distinct (range, version) top-transaction answers kept. */
    private static final int TOP_CACHE_ENTRIES = 64;

    /** How many transactions a batch-side top query asks for: the API's largest limit. */
    public static final int TOP_CANDIDATES = 100;

    private final HiveClient hive;
    private final AtomicReference<BatchViews> current = new AtomicReference<>(BatchViews.NONE);
    private final Map<String, List<TopTransaction>> topCache = new LinkedHashMap<>(16, 0.75f,
            true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<TopTransaction>> eldest) {
            return size() > TOP_CACHE_ENTRIES;
        }
    };

    private volatile boolean hiveReachable;
    private volatile String hiveError = "not checked yet";
    private volatile Instant lastCheck;
    private volatile Instant loadedAt;
    private boolean checkedOnce;

    public BatchViewLoader(HiveClient hive) {
        this.hive = hive;
    }

    /** The batch views in service now. */
    public BatchViews current() {
        return current.get();
    }

    public boolean hiveReachable() {
        return hiveReachable;
    }

    /** Why Hive is not reachable or has no batch run, null when all is well. */
    public String hiveError() {
        return hiveError;
    }

    /** When the views in service were loaded, null before the first load. */
    public Instant loadedAt() {
        return loadedAt;
    }

    /** When Hive was last asked. */
    public Instant lastCheck() {
        return lastCheck;
    }

    /** Checks the batch version, and loads the views again when it changed. Never throws. */
    public synchronized void refresh() {
        Map<String, String> properties;
        try {
            properties = hive.salesMinuteProperties();
        } catch (SQLException | RuntimeException e) {
            noteUnreachable(e);
            return;
        } finally {
            lastCheck = Instant.now();
        }
        if (!hiveReachable) {
            LOG.info("Hive is reachable");
        }
        hiveReachable = true;
        checkedOnce = true;

        String version = properties.get(HiveClient.VERSION_PROPERTY);
        String boundaryText = properties.get(HiveClient.BOUNDARY_PROPERTY);
        if (version == null || boundaryText == null) {
            hiveError = "no batch run recorded on ecommerce.sales_minute yet";
            return;
        }
        Instant boundary;
        try {
            boundary = Instant.parse(boundaryText);
        } catch (DateTimeParseException e) {
            hiveError = "bad " + HiveClient.BOUNDARY_PROPERTY + ": " + boundaryText;
            LOG.warn("Ignoring batch run {}: {} is not an ISO instant: {}", version,
                    HiveClient.BOUNDARY_PROPERTY, boundaryText);
            return;
        }
        if (Objects.equals(version, current.get().version())) {
            hiveError = null;
            return;
        }
        load(version, boundary);
    }

    private void load(String version, Instant boundary) {
        BatchViews previous = current.get();
        List<ViewRow> rows;
        long startNanos = System.nanoTime();
        try {
            rows = hive.salesMinuteRows();
        } catch (SQLException | RuntimeException e) {
            noteUnreachable(e);
            return;
        }
        BatchViews loaded = new BatchViews(boundary, version, rows);
        current.set(loaded);
        loadedAt = Instant.now();
        hiveError = null;
        synchronized (topCache) {
            topCache.clear();
        }

        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
        if (previous.boundary() != null && boundary.isBefore(previous.boundary())) {
            LOG.warn("Batch boundary moved backwards from {} to {} (version {}); the batch job"
                    + " should never do that", previous.boundary(), boundary, version);
        }
        LOG.info("Batch boundary moved to {} (was {}), version {}: loaded {} batch view rows"
                + " in {} ms", boundary, previous.boundary() == null ? "none"
                : previous.boundary(), version, rows.size(), elapsedMs);
    }

    /**
     * The batch side's largest transactions in {@code batchRange}, up to
     * {@link #TOP_CANDIDATES}, cached per (range, version). Blocks on Hive on a cache miss.
     *
     * @throws SQLException when Hive cannot answer
     */
    public List<TopTransaction> topCandidates(TimeRange batchRange) throws SQLException {
        BatchViews views = current.get();
        if (batchRange.isEmpty() || views.version() == null) {
            return List.of();
        }
        String cacheKey = batchRange + "@" + views.version();
        synchronized (topCache) {
            List<TopTransaction> cached = topCache.get(cacheKey);
            if (cached != null) {
                return cached;
            }
        }
        List<TopTransaction> top = List.copyOf(hive.topTransactions(batchRange, TOP_CANDIDATES));
        synchronized (topCache) {
            topCache.put(cacheKey, top);
        }
        return top;
    }

    private void noteUnreachable(Exception e) {
        if (hiveReachable || !checkedOnce) {
            LOG.warn("Hive is not reachable at the moment; serving {}: {}",
                    current.get().version() == null ? "speed views only"
                            : "batch views version " + current.get().version(), e.toString());
        }
        hiveReachable = false;
        checkedOnce = true;
        hiveError = e.toString();
    }
}
