package io.lambdashop.batch;

import org.apache.spark.sql.SparkSession;

/** How the batch layer's Spark sessions are configured. */
final class SparkSessions {

    private SparkSessions() {
    }

    /**
     * A session in UTC, with dynamic partition overwrite and unchunked base64; with
     * {@code hive}, its catalog is the real Hive 4 metastore, reached through a Hive 4.0.1
     * client (Spark's built-in 2.3 client cannot talk to it).
     */
    static SparkSession create(String appName, BatchOptions options, boolean hive) {
        String scratch = options.dataDir().resolve("tmp").resolve(appName).toString();
        String master = options.sparkMaster();
        SparkSession.Builder builder = SparkSession.builder()
                .appName(appName)
                .master(master)
                .config("spark.ui.enabled", false)
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.shuffle.partitions", options.shufflePartitions())
                .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
                .config("spark.sql.chunkBase64String.enabled", false)
                // Decimals as fixed-length binaries and timestamps as INT96: the Parquet
                // encodings Hive's reader has always understood.
                .config("spark.sql.parquet.writeLegacyFormat", true)
                .config("spark.sql.warehouse.dir", options.dataDir().resolve("spark-warehouse")
                        .toUri().toString())
                .config("spark.local.dir", scratch);
        // On a cluster the executors connect back to the driver: it must not hide on
        // loopback. Locally, loopback keeps a laptop's firewall and VPN out of the way.
        if (BatchOptions.isLocal(master)) {
            builder.config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        }
        if (hive) {
            builder.config("spark.sql.hive.metastore.version", "4.0.1")
                    .config("spark.sql.hive.metastore.jars", "path")
                    .config("spark.sql.hive.metastore.jars.path", options.hiveJars())
                    .config("spark.hadoop.hive.metastore.uris", options.metastoreUri())
                    .config("spark.hadoop.hive.exec.scratchdir", scratch + "/hive")
                    .config("spark.hadoop.hive.exec.local.scratchdir", scratch + "/hive-local")
                    .config("spark.hadoop.hive.downloaded.resources.dir",
                            scratch + "/hive-resources")
                    .enableHiveSupport();
        }
        return builder.getOrCreate();
    }
}
