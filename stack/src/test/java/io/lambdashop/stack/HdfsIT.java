package io.lambdashop.stack;

import io.lambdashop.launcher.Components;
import io.lambdashop.launcher.ModuleProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch layer on a real HDFS: the archiver writes the master dataset to
 * {@code hdfs://}, the batch job reads it there and writes the views beside it, and the
 * Hive metastore serves tables over them. Hive must then give the totals computed from the
 * CSV files by {@link RetailTotals}.
 */
class HdfsIT {

    private static List<Path> files;
    private static RetailTotals expected;
    private static ModuleProcess hdfs;
    private static Stack stack;
    private static Pipeline pipeline;
    private static String storage;
    private static Path dataDir;

    @BeforeAll
    static void startHdfsAndTheBatchLayer() throws IOException {
        files = Pipeline.retailDays("2010-12-01");
        expected = RetailTotals.of(files);

        dataDir = Files.createTempDirectory("lambda-hdfs");
        int namenodePort = Components.freePort();
        hdfs = Components.startHdfs(dataDir, namenodePort);
        storage = "hdfs://127.0.0.1:" + namenodePort + "/lambda";

        StackConfig config = new StackConfig(dataDir, Components.freePort(),
                Components.freePort(), Components.freePort(), Components.freePort(),
                Components.freePort()).withStorage(storage);
        stack = Stack.start(config,
                EnumSet.of(Component.KAFKA, Component.HIVE, Component.ARCHIVER));
        pipeline = new Pipeline(config);
    }

    @AfterAll
    static void stopEverything() {
        if (stack != null) {
            stack.close();
        }
        if (hdfs != null) {
            hdfs.stop(Duration.ofSeconds(30));
        }
        if (pipeline != null) {
            Pipeline.deleteDataKeepingLogs(dataDir);
        }
    }

    @Test
    void hiveTablesOverHdfsGiveTheDatasetsTotals() throws Exception {
        pipeline.replay(files);
        pipeline.awaitArchiverCaughtUp(Duration.ofMinutes(3));
        pipeline.batch("2010-12-01T00", "2010-12-02T00");

        assertThat(location("ecommerce.transactions")).startsWith(storage + "/views");
        assertThat(location("ecommerce.sales_minute")).startsWith(storage + "/views");

        List<List<String>> totals = pipeline.sql(
                "SELECT COUNT(*), SUM(amount) FROM ecommerce.transactions");
        assertThat(Long.parseLong(totals.get(0).get(0))).isEqualTo(expected.lines());
        assertThat(new BigDecimal(totals.get(0).get(1)))
                .isEqualByComparingTo(expected.revenue());

        Map<String, BigDecimal> byCountry = new TreeMap<>();
        for (List<String> row : pipeline.sql("SELECT dim_key, SUM(revenue) FROM"
                + " ecommerce.sales_minute WHERE dimension = 'country' GROUP BY dim_key")) {
            byCountry.put(row.get(0), new BigDecimal(row.get(1)).stripTrailingZeros());
        }
        Map<String, BigDecimal> expectedByCountry = new TreeMap<>();
        expected.revenueByCountry().forEach((country, revenue) ->
                expectedByCountry.put(country, revenue.stripTrailingZeros()));
        assertThat(byCountry).isEqualTo(expectedByCountry);
    }

    /** Where the metastore says a table's files are. */
    private static String location(String table) {
        for (List<String> row : pipeline.sql("DESCRIBE FORMATTED " + table)) {
            if (row.get(0).trim().startsWith("Location")) {
                return row.get(1).trim();
            }
        }
        throw new AssertionError(table + " has no Location in DESCRIBE FORMATTED");
    }
}
