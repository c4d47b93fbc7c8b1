package io.lambdashop.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * How to start the infrastructure components (Kafka, Hive) as processes, for the embedded
 * stack and for integration tests. Each returns once the component is healthy.
 */
public final class Components {

    private Components() {
    }

    /** A Kafka broker in KRaft mode, storage under {@code <dataDir>/kafka}. */
    public static ModuleProcess startKafka(Path dataDir, int port, int controllerPort) {
        return startKafka(dataDir, port, controllerPort, launched -> { });
    }

    /**
     * As {@link #startKafka(Path, int, int)}; {@code onLaunch} gets the process as soon as
     * it runs, before it is healthy, so that a caller stopped meanwhile can stop it too.
     */
    public static ModuleProcess startKafka(Path dataDir, int port, int controllerPort,
            Consumer<ModuleProcess> onLaunch) {
        ModuleProcess kafka = ModuleProcess.start("kafka", "kafka-broker",
                "io.lambdashop.kafka.KafkaBroker",
                List.of("-Xmx768m"),
                List.of("--data-dir", dataDir.toString(),
                        "--port", Integer.toString(port),
                        "--controller-port", Integer.toString(controllerPort)),
                dataDir.resolve("logs/kafka.log"));
        onLaunch.accept(kafka);
        kafka.awaitHealthy(() -> Health.fresh(dataDir.resolve("kafka/ready"),
                Duration.ofDays(3650)) && Health.portOpen("127.0.0.1", port),
                Duration.ofSeconds(90));
        return kafka;
    }

    /**
     * A Hive metastore and HiveServer2 in one JVM, with database {@code ecommerce} and its
     * tables created over {@code viewsUri}.
     */
    public static ModuleProcess startHive(Path dataDir, int metastorePort, int port,
            String viewsUri) {
        return startHive(dataDir, metastorePort, port, viewsUri, launched -> { });
    }

    /** As {@link #startHive(Path, int, int, String)}, telling {@code onLaunch} at launch. */
    public static ModuleProcess startHive(Path dataDir, int metastorePort, int port,
            String viewsUri, Consumer<ModuleProcess> onLaunch) {
        ModuleProcess hive = ModuleProcess.start("hive", "hive-server",
                "io.lambdashop.hive.HiveServer",
                List.of("-Xmx1536m"),
                List.of("--data-dir", dataDir.toString(),
                        "--metastore-port", Integer.toString(metastorePort),
                        "--port", Integer.toString(port),
                        "--views-uri", viewsUri),
                dataDir.resolve("logs/hive.log"));
        onLaunch.accept(hive);
        hive.awaitHealthy(() -> Health.fresh(dataDir.resolve("hive/ready"),
                Duration.ofDays(3650)) && Health.portOpen("127.0.0.1", port),
                Duration.ofSeconds(180));
        return hive;
    }

    /**
     * A real one-node HDFS (namenode and datanode) with its storage under
     * {@code <dataDir>/hdfs}; for integration tests.
     *
     * @return the process; its file system is {@code hdfs://127.0.0.1:<port>}
     */
    public static ModuleProcess startHdfs(Path dataDir, int port) {
        ModuleProcess hdfs = ModuleProcess.start("hdfs", "mini-hdfs",
                "io.lambdashop.minihdfs.MiniHdfs",
                List.of("-Xmx768m"),
                List.of("--data-dir", dataDir.toString(), "--port", Integer.toString(port)),
                dataDir.resolve("logs/hdfs.log"));
        hdfs.awaitHealthy(() -> Health.fresh(dataDir.resolve("hdfs/ready"),
                Duration.ofDays(3650)) && Health.portOpen("127.0.0.1", port),
                Duration.ofSeconds(120));
        return hdfs;
    }

    /** A free TCP port on the loopback interface, for tests beside a running stack. */
    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
