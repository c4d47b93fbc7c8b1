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

    /** Distinct (query, range, version) Hive answers kept. */
    private static final int TOP_CACHE_ENTRIES = 64;

    /** How many transactions a batch-side top query asks for: the API's largest limit. */
    public static final int TOP_CANDIDATES = 100;

    private final HiveClient hive;
    private final AtomicReference<BatchViews> current = new AtomicReference<>(BatchViews.NONE);
    private final Map<String, List<?>> hiveCache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<?>> eldest) {
            return size() > TOP_CACHE_ENTRIES;
        }
    };

    private volatile Runnable onLoad = () -> { };
    private volatile boolean hiveReachable;
    private volatile String hiveError = "not checked yet";
    private volatile Instant lastCheck;
    private volatile Instant loadedAt;
    private boolean checkedOnce;

    public BatchViewLoader(HiveClient hive) {
        this.hive = hive;
    }

    /** Runs {@code listener} (on the refresher thread) each time a new version is loaded. */
    public void onLoad(Runnable listener) {
        this.onLoad = listener;
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
        synchronized (hiveCache) {
            hiveCache.clear();
        }

        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
        if (previous.boundary() != null && boundary.isBefore(previous.boundary())) {
            LOG.warn("Batch boundary moved backwards from {} to {} (version {}); the batch job"
                    + " should never do that", previous.boundary(), boundary, version);
        }
        LOG.info("Batch boundary moved to {} (was {}), version {}: loaded {} batch view rows"
                + " in {} ms", boundary, previous.boundary() == null ? "none"
                : previous.boundary(), version, rows.size(), elapsedMs);
        onLoad.run();
    }

    /**
     * The batch side's largest transactions in {@code batchRange}, up to
     * {@link #TOP_CANDIDATES}, cached per (range, version). Blocks on Hive on a cache miss.
     *
     * @throws SQLException when Hive cannot answer
     */
    public List<TopTransaction> topCandidates(TimeRange batchRange) throws SQLException {
        return cached("transactions", batchRange,
                () -> hive.topTransactions(batchRange, TOP_CANDIDATES));
    }

    /**
     * The batch side's products with the largest revenue in {@code batchRange}, up to
     * {@link #TOP_CANDIDATES}, cached per (range, version). Blocks on Hive on a cache miss.
     *
     * @throws SQLException when Hive cannot answer
     */
    public List<LayerMerge.ProductTotals> topProducts(TimeRange batchRange)
            throws SQLException {
        return cached("products", batchRange,
                () -> hive.topProducts(batchRange, TOP_CANDIDATES));
    }

    /** A Hive query that may throw. */
    private interface HiveQuery<T> {
        List<T> run() throws SQLException;
    }

    /**
     * The answer of {@code query} for {@code batchRange} under the batch version in service.
     * A batch run changes the version, so a cached answer is never stale.
     */
    @SuppressWarnings("unchecked")
    private <T> List<T> cached(String kind, TimeRange batchRange, HiveQuery<T> query)
            throws SQLException {
        BatchViews views = current.get();
        if (batchRange.isEmpty() || views.version() == null) {
            return List.of();
        }
        String cacheKey = kind + " " + batchRange + "@" + views.version();
        synchronized (hiveCache) {
            List<?> cached = hiveCache.get(cacheKey);
            if (cached != null) {
                return (List<T>) cached;
            }
        }
        List<T> answer = List.copyOf(query.run());
        synchronized (hiveCache) {
            hiveCache.put(cacheKey, answer);
        }
        return answer;
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
