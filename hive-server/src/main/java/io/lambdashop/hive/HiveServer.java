package io.lambdashop.hive;

import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStore;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf;
import org.apache.hadoop.hive.metastore.security.HadoopThriftAuthBridge;
import org.apache.hive.service.server.HiveServer2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code hive} component of the embedded stack: a Hive metastore (thrift, embedded Derby)
 * and HiveServer2 (binary thrift, no authentication) in one JVM, both on 127.0.0.1, with the
 * {@code ecommerce} database, tables and views created over {@code --views-uri}.
 *
 * <p>Start order, each step waiting for the one before: write {@code hive-site.xml}, start
 * the metastore, start HiveServer2, run the schema bootstrap through JDBC, write
 * {@code <data>/hive/ready}. The ready marker is what the launcher waits for, so it is
 * deleted first thing at start (a stale one from a crash would lie) and again on stop.
 *
 * <p>On SIGTERM: HiveServer2 stops (open sessions closed), then the metastore's Derby database
 * is shut down so that the next start finds it checkpointed, not in need of recovery.
 * Hive offers no call to stop the metastore's thrift listener; it ends with the JVM.
 */
@Command(name = "hive-server", mixinStandardHelpOptions = true,
        description = "Hive metastore + HiveServer2 with the ecommerce schema, in one JVM.")
public final class HiveServer implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(HiveServer.class);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);

    @Option(names = "--data-dir", defaultValue = "./data",
            description = "Data dir; Hive's state goes to <data>/hive (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--metastore-port", defaultValue = "9083",
            description = "Metastore thrift port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    private int metastorePort;

    @Option(names = "--port", defaultValue = "10000",
            description = "HiveServer2 port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--views-uri",
            description = "Where the batch views live (default: file://<absolute data dir>/views).")
    private String viewsUri;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile HiveServer2 hiveServer2;

    public static void main(String[] args) {
        int exitCode = new CommandLine(new HiveServer()).execute(args);
        // On success the server was stopped by SIGTERM: the JVM is already shutting down,
        // and System.exit would block. Only a failed start exits here.
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    @Override
    public Integer call() throws Exception {
        Instant startedAt = Instant.now();
        Path hiveDir = dataDir.toAbsolutePath().normalize().resolve("hive");
        Path readyMarker = hiveDir.resolve("ready");
        String views = viewsUri(dataDir, viewsUri);

        // A marker left by a crashed run would tell the launcher we are up before we are.
        Files.createDirectories(hiveDir);
        Files.deleteIfExists(readyMarker);
        if (portTaken(metastorePort, "--metastore-port") || portTaken(port, "--port")) {
            return 1;
        }

        // Configuration first: every HiveConf and MetastoreConf created from here on, in any
        // thread, reads this file.
        Path siteFile = hiveDir.resolve("conf/hive-site.xml");
        HiveSite.forDataDir(hiveDir, metastorePort, port).writeTo(siteFile);
        HiveConf.setHiveSiteLocation(siteFile.toUri().toURL());
        MetastoreConf.setHiveSiteLocation(siteFile.toUri().toURL());
        System.setProperty("derby.stream.error.file", hiveDir.resolve("derby.log").toString());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(readyMarker), "hive-stop"));

        try {
            startMetastore();
            startHiveServer2();
            String jdbcUrl = jdbcUrl(port);
            try (Connection connection = awaitJdbc(jdbcUrl)) {
                new SchemaBootstrap(views).run(connection);
            }

            writeMarker(readyMarker);
            LOG.info("Hive ready: {}, metastore thrift://127.0.0.1:{} (started in {} ms,"
                    + " views at {})", jdbcUrl, metastorePort,
                    Duration.between(startedAt, Instant.now()).toMillis(), views);
        } catch (Exception | LinkageError e) {
            LOG.error("Hive did not start: {}. Data dir {}; Hive's own errors are above.",
                    e.getMessage(), hiveDir, e);
            return 1;
        }

        stopped.await();
        return 0;
    }

    /** Runs the metastore's thrift server (its serve loop blocks) on a daemon thread. */
    private void startMetastore() throws IOException {
        Thread metastore = new Thread(() -> {
            try {
                HiveMetaStore.startMetaStore(metastorePort, HadoopThriftAuthBridge.getBridge(),
                        MetastoreConf.newMetastoreConf());
            } catch (Throwable e) {
                LOG.error("Metastore on port {} failed: {}", metastorePort, e.getMessage(), e);
            }
        }, "metastore");
        metastore.setDaemon(true);
        metastore.start();

        // HiveServer2 connects to the metastore while it starts: it must be listening first.
        awaitPort(metastorePort, "metastore", metastore);
        LOG.info("Metastore listening on thrift://127.0.0.1:{}", metastorePort);
    }

    private void startHiveServer2() {
        HiveServer2 server = new HiveServer2();
        server.init(new HiveConf());
        server.start();
        hiveServer2 = server;
    }

    /** Waits until HiveServer2 accepts a JDBC session: its port opens before it answers. */
    private Connection awaitJdbc(String jdbcUrl) throws SQLException, InterruptedException {
        long deadlineNanos = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                return DriverManager.getConnection(jdbcUrl, System.getProperty("user.name"), "");
            } catch (SQLException e) {
                if (System.nanoTime() > deadlineNanos) {
                    throw new SQLException("HiveServer2 did not answer on " + jdbcUrl + " within "
                            + START_TIMEOUT.toSeconds() + " s: " + e.getMessage(), e);
                }
                Thread.sleep(500);
            }
        }
    }

    private void awaitPort(int portToCheck, String what, Thread owner)
            throws IOException {
        long deadlineNanos = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!portOpen(portToCheck)) {
            if (!owner.isAlive()) {
                throw new IOException(what + " ended before it listened on port " + portToCheck);
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IOException(what + " not listening on port " + portToCheck + " after "
                        + START_TIMEOUT.toSeconds() + " s");
            }
            sleepQuietly(Duration.ofMillis(200));
        }
    }

    /**
     * Stops HiveServer2, then shuts Derby down. Runs in the shutdown hook, so it must not
     * throw and must not wait long.
     */
    private void stop(Path readyMarker) {
        try {
            Files.deleteIfExists(readyMarker);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", readyMarker, e.getMessage());
        }

        HiveServer2 server = hiveServer2;
        if (server != null) {
            try {
                server.stop();
                LOG.info("HiveServer2 on port {} stopped", port);
            } catch (RuntimeException e) {
                LOG.warn("HiveServer2 did not stop cleanly: {}", e.getMessage());
            }
        }

        // Derby says "shut down" by throwing: SQL state XJ015 is the success case.
        try {
            DriverManager.getConnection("jdbc:derby:;shutdown=true").close();
        } catch (SQLException e) {
            if ("XJ015".equals(e.getSQLState())) {
                LOG.info("Metastore on port {} stopped (Derby shut down cleanly)", metastorePort);
            } else {
                LOG.warn("Derby shutdown: {} (SQL state {})", e.getMessage(), e.getSQLState());
            }
        }
        stopped.countDown();
    }

    /** The JDBC URL of HiveServer2 on {@code port}, as the sql client and the tests use it. */
    static String jdbcUrl(int port) {
        return "jdbc:hive2://127.0.0.1:" + port + "/default";
    }

    /**
     * The views location as a URI without a trailing slash: {@code --views-uri} as given
     * (a plain path is taken as a local folder), else {@code file://<data dir>/views}.
     */
    static String viewsUri(Path dataDir, String option) {
        if (option == null || option.isBlank()) {
            return "file://" + dataDir.toAbsolutePath().normalize().resolve("views");
        }
        String uri = option.strip();
        if (URI.create(uri).getScheme() == null) {
            uri = "file://" + Path.of(uri).toAbsolutePath().normalize();
        }
        while (uri.endsWith("/")) {
            uri = uri.substring(0, uri.length() - 1);
        }
        return uri;
    }

    private static boolean portTaken(int portToCheck, String option) {
        if (!portOpen(portToCheck)) {
            return false;
        }
        LOG.error("Port {} ({}) is already in use on 127.0.0.1: is another Hive running?"
                + " Stop it or choose another port.", portToCheck, option);
        return true;
    }

    private static boolean portOpen(int portToCheck) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", portToCheck), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void writeMarker(Path marker) throws IOException {
        Path partial = marker.resolveSibling(marker.getFileName() + ".partial");
        Files.writeString(partial, Instant.now() + "\n");
        Files.move(partial, marker, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
