package io.lambdashop.serving;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The serving layer's queries to HiveServer2, over one JDBC connection opened on demand and
 * reopened after a failure. Calls are serialized: a Hive connection serves one statement at
 * a time, and none of these run on the HTTP event loop.
 *
 * <p>Hive TIMESTAMP columns carry no zone; every one in this platform is UTC, so they are read
 * as text and taken as UTC, whatever the JVM's default zone.
 */
public final class HiveClient implements AutoCloseable {

    /** Table properties the batch job sets as its last step (see ARCHITECTURE.md). */
    public static final String BOUNDARY_PROPERTY = "lambda.batch.boundary";
    public static final String VERSION_PROPERTY = "lambda.batch.version";

    private static final int LOGIN_TIMEOUT_SECONDS = 5;
    private static final int QUERY_TIMEOUT_SECONDS = 120;
    private static final DateTimeFormatter HIVE_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HIVE_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final String url;
    private Connection connection;

    public HiveClient(String url) {
        this.url = url;
    }

    /** The table properties of {@code ecommerce.sales_minute}: metadata only, cheap. */
    public synchronized Map<String, String> salesMinuteProperties() throws SQLException {
        Map<String, String> properties = new HashMap<>();
        try (Statement statement = statement();
                ResultSet rs = statement.executeQuery(
                        "SHOW TBLPROPERTIES ecommerce.sales_minute")) {
            while (rs.next()) {
                properties.put(rs.getString(1).trim(), rs.getString(2).trim());
            }
            return properties;
        } catch (SQLException e) {
            closeQuietly();
            throw e;
        }
    }

    /**
     * Every row of {@code ecommerce.sales_minute}. A plain column SELECT runs as a fetch task
     * in HiveServer2 itself: no MapReduce job.
     */
    public synchronized List<ViewRow> salesMinuteRows() throws SQLException {
        List<ViewRow> rows = new ArrayList<>();
        try (Statement statement = statement();
                ResultSet rs = statement.executeQuery("SELECT window_start, dimension, dim_key,"
                        + " revenue, transactions, units, returns, returned_amount, users_sketch"
                        + " FROM ecommerce.sales_minute")) {
            while (rs.next()) {
                rows.add(new ViewRow(rs.getString(2), rs.getString(3),
                        utcInstant(rs.getString(1)), rs.getBigDecimal(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getBigDecimal(8),
                        Sketches.fromBase64(rs.getString(9))));
            }
            return rows;
        } catch (SQLException e) {
            closeQuietly();
            throw e;
        }
    }

    /**
     * The {@code limit} largest transactions of {@code range} in {@code ecommerce.transactions},
     * reading only the (dt, hr) partitions the range touches.
     */
    public synchronized List<TopTransaction> topTransactions(TimeRange range, int limit)
            throws SQLException {
        List<TopTransaction> top = new ArrayList<>();
        if (range.isEmpty()) {
            return top;
        }
        String sql = "SELECT transaction_id, event_time, amount, quantity, product_id,"
                + " product_name, category, city, country, payment_method FROM ecommerce.transactions"
                + " WHERE (" + partitionPredicate(range) + ")"
                + " AND event_time >= TIMESTAMP '" + HIVE_TIMESTAMP.format(range.from()) + "'"
                + " AND event_time < TIMESTAMP '" + HIVE_TIMESTAMP.format(range.to()) + "'"
                + " ORDER BY amount DESC, transaction_id LIMIT " + limit;
        try (Statement statement = statement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                top.add(new TopTransaction(rs.getString(1), utcInstant(rs.getString(2)),
                        rs.getBigDecimal(3), rs.getInt(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10)));
            }
            return top;
        } catch (SQLException e) {
            closeQuietly();
            throw e;
        }
    }

    /**
     * The {@code limit} products with the largest revenue in {@code range}, from
     * {@code ecommerce.transactions} (one row per transaction id, so exact). A product id
     * may be sold under several names (the retail data has "faulty" or "damaged" lines):
     * the name on most of its lines is shown. Hive runs this as local MapReduce jobs, a few
     * seconds; the caller caches the answer per batch version.
     */
    public synchronized List<LayerMerge.ProductTotals> topProducts(TimeRange range, int limit)
            throws SQLException {
        List<LayerMerge.ProductTotals> products = new ArrayList<>();
        if (range.isEmpty()) {
            return products;
        }
        String sql = "SELECT product_id, product_name, revenue, transactions, units FROM ("
                + " SELECT product_id, product_name,"
                + " SUM(SUM(amount)) OVER (PARTITION BY product_id) AS revenue,"
                + " SUM(COUNT(*)) OVER (PARTITION BY product_id) AS transactions,"
                + " SUM(SUM(quantity)) OVER (PARTITION BY product_id) AS units,"
                + " ROW_NUMBER() OVER (PARTITION BY product_id"
                + " ORDER BY COUNT(*) DESC, product_name) AS name_rank"
                + " FROM ecommerce.transactions"
                + " WHERE (" + partitionPredicate(range) + ")"
                + " AND event_time >= TIMESTAMP '" + HIVE_TIMESTAMP.format(range.from()) + "'"
                + " AND event_time < TIMESTAMP '" + HIVE_TIMESTAMP.format(range.to()) + "'"
                + " GROUP BY product_id, product_name) named"
                + " WHERE name_rank = 1 ORDER BY revenue DESC, product_id LIMIT " + limit;
        try (Statement statement = statement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                products.add(new LayerMerge.ProductTotals(rs.getString(1), rs.getString(2),
                        rs.getBigDecimal(3), rs.getLong(4), rs.getLong(5)));
            }
            return products;
        } catch (SQLException e) {
            closeQuietly();
            throw e;
        }
    }

    /**
     * The (dt, hr) partitions that hold {@code range}, as a WHERE predicate on partition
     * columns only, so that Hive prunes the others before reading any file. Instants come
     * from parsed values, never from request text, so nothing here can inject SQL.
     */
    static String partitionPredicate(TimeRange range) {
        Instant firstHour = range.from().truncatedTo(ChronoUnit.HOURS);
        Instant lastHour = range.to().minusNanos(1).truncatedTo(ChronoUnit.HOURS);
        String firstDay = HIVE_DATE.format(firstHour);
        String lastDay = HIVE_DATE.format(lastHour);
        int firstHr = firstHour.atZone(ZoneOffset.UTC).getHour();
        int lastHr = lastHour.atZone(ZoneOffset.UTC).getHour();
        if (firstDay.equals(lastDay)) {
            return "dt = '" + firstDay + "' AND hr BETWEEN " + firstHr + " AND " + lastHr;
        }
        return "(dt = '" + firstDay + "' AND hr >= " + firstHr + ")"
                + " OR (dt > '" + firstDay + "' AND dt < '" + lastDay + "')"
                + " OR (dt = '" + lastDay + "' AND hr <= " + lastHr + ")";
    }

    /** A Hive TIMESTAMP as text ({@code yyyy-MM-dd HH:mm:ss[.f]}), taken as UTC. */
    static Instant utcInstant(String hiveTimestamp) {
        LocalDateTime local = Timestamp.valueOf(hiveTimestamp.trim()).toLocalDateTime();
        return local.toInstant(ZoneOffset.UTC);
    }

    private Statement statement() throws SQLException {
        if (connection == null || connection.isClosed()) {
            DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
            connection = DriverManager.getConnection(url, "serving-layer", "");
        }
        Statement statement = connection.createStatement();
        statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        return statement;
    }

    private void closeQuietly() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // The connection is already broken; a new one is opened on the next call.
        }
        connection = null;
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
