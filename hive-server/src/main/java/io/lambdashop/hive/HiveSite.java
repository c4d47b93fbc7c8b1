package io.lambdashop.hive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code hive-site.xml} of the embedded Hive: one file that the metastore, HiveServer2
 * and every thread they start read, so that all of them agree on where the metastore is.
 *
 * <p>Why a file and not only settings in code: HiveServer2's background threads (session
 * and operation threads, the local MapReduce runner) build their own {@code HiveConf} from
 * scratch. Without a hive-site.xml they see no {@code hive.metastore.uris}, open a second,
 * empty embedded metastore and fail on its missing schema.
 *
 * <p>Everything the server writes lives under {@code <data>/hive/}: the Derby metastore,
 * the warehouse dirs and every scratch, tmp and log dir.
 */
final class HiveSite {

    private final Map<String, String> properties = new LinkedHashMap<>();

    private HiveSite() {
    }

    /**
     * The settings for a metastore on {@code metastorePort} and HiveServer2 on {@code port},
     * both on 127.0.0.1, with state under {@code hiveDir} (an absolute path).
     */
    static HiveSite forDataDir(Path hiveDir, int metastorePort, int port) {
        HiveSite site = new HiveSite();
        String metastoreUri = "thrift://127.0.0.1:" + metastorePort;

        // The metastore: embedded Derby, its schema created on first start.
        site.set("javax.jdo.option.ConnectionURL", "jdbc:derby:;databaseName="
                + hiveDir.resolve("metastore_db") + ";create=true");
        site.set("javax.jdo.option.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver");
        site.set("javax.jdo.option.ConnectionUserName", "APP");
        site.set("javax.jdo.option.ConnectionPassword", "mine");
        site.set("datanucleus.schema.autoCreateAll", "true");
        site.set("hive.metastore.schema.verification", "false");
        site.set("metastore.schema.verification", "false");
        site.set("hive.metastore.uris", metastoreUri);
        site.set("metastore.thrift.uris", metastoreUri);
        site.set("metastore.thrift.port", Integer.toString(metastorePort));
        site.set("metastore.thrift.bind.host", "127.0.0.1");
        site.set("hive.metastore.warehouse.dir", hiveDir.resolve("warehouse").toUri().toString());
        site.set("hive.metastore.warehouse.external.dir",
                hiveDir.resolve("external-warehouse").toUri().toString());

        // The metastore's background services are for a cluster with ACID tables and
        // scheduled queries; here they only cost threads and log noise.
        site.set("metastore.compactor.initiator.on", "false");
        site.set("hive.compactor.initiator.on", "false");
        site.set("hive.compactor.worker.threads", "0");
        site.set("metastore.compactor.cleaner.on", "false");
        site.set("metastore.housekeeping.threads.on", "false");
        site.set("metastore.scheduled.queries.enabled", "false");
        site.set("hive.scheduled.queries.executor.enabled", "false");
        // HiveServer2 reads the notification log at start; with this check on, the metastore
        // refuses that read from a user that is not its own proxy and HiveServer2 dies.
        site.set("hive.metastore.event.db.notification.api.auth", "false");
        site.set("metastore.metastore.event.db.notification.api.auth", "false");
        // The poll keeps HiveServer2's caches in step with other metastore clients; nothing
        // here caches across queries, so it would only add a thread.
        site.set("hive.notification.event.poll.interval", "0s");

        // HiveServer2: binary thrift on loopback, no authentication, queries run as the
        // server's user. Plain URL: jdbc:hive2://127.0.0.1:<port>/default.
        site.set("hive.server2.thrift.bind.host", "127.0.0.1");
        site.set("hive.server2.thrift.port", Integer.toString(port));
        site.set("hive.server2.transport.mode", "binary");
        site.set("hive.server2.authentication", "NONE");
        site.set("hive.server2.enable.doAs", "false");
        site.set("hive.server2.webui.port", "0");
        site.set("hive.server2.materializedviews.registry.impl", "DUMMY");
        site.set("hive.server2.tez.initialize.default.sessions", "false");
        site.set("hive.server2.logging.operation.log.location",
                hiveDir.resolve("tmp/operation_logs").toString());
        // Result columns named "revenue", not "hourly_sales.revenue".
        site.set("hive.resultset.use.unique.column.names", "false");

        // Queries: MapReduce in this JVM (LocalJobRunner), no locks, no ACID.
        site.set("hive.execution.engine", "mr");
        site.set("mapreduce.framework.name", "local");
        site.set("hive.exec.submitviachild", "false");
        site.set("hive.exec.submit.local.task.via.child", "false");
        site.set("hive.support.concurrency", "false");
        site.set("hive.txn.manager", "org.apache.hadoop.hive.ql.lockmgr.DummyTxnManager");
        site.set("hive.exec.dynamic.partition.mode", "nonstrict");
        // The batch layer (Spark) replaces partition files without keeping Hive's row-count
        // statistics exact; answering COUNT(*) from those statistics could return stale
        // figures, so every query reads the data.
        site.set("hive.compute.query.using.stats", "false");

        // Every scratch and tmp dir under <data>/hive, never /tmp or the working directory.
        site.set("fs.defaultFS", "file:///");
        site.set("hadoop.tmp.dir", hiveDir.resolve("tmp/hadoop").toString());
        site.set("hive.exec.scratchdir", hiveDir.resolve("tmp/scratch").toString());
        site.set("hive.exec.local.scratchdir", hiveDir.resolve("tmp/local-scratch").toString());
        site.set("hive.downloaded.resources.dir",
                hiveDir.resolve("tmp/resources/${hive.session.id}_resources").toString());
        site.set("hive.querylog.location", hiveDir.resolve("tmp/querylog").toString());
        site.set("hive.repl.rootdir", hiveDir.resolve("tmp/repl").toString());
        site.set("hive.repl.cmrootdir", hiveDir.resolve("tmp/cmroot").toString());
        site.set("mapreduce.cluster.local.dir", hiveDir.resolve("tmp/mapred/local").toString());
        site.set("mapreduce.jobtracker.staging.root.dir",
                hiveDir.resolve("tmp/mapred/staging").toString());
        site.set("yarn.app.mapreduce.am.staging-dir",
                hiveDir.resolve("tmp/mapred/am-staging").toString());
        return site;
    }

    void set(String name, String value) {
        properties.put(name, value);
    }

    String get(String name) {
        return properties.get(name);
    }

    /** Writes the file atomically, so that a crash never leaves half a configuration. */
    void writeTo(Path file) throws IOException {
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<!-- Written by io.lambdashop.hive.HiveServer at every start;"
                + " edits are overwritten. -->\n");
        xml.append("<configuration>\n");
        for (Map.Entry<String, String> property : properties.entrySet()) {
            xml.append("  <property><name>").append(escape(property.getKey()))
                    .append("</name><value>").append(escape(property.getValue()))
                    .append("</value></property>\n");
        }
        xml.append("</configuration>\n");

        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(partial, xml, StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
