package io.lambdashop.stack;

import java.nio.file.Path;

/**
 * Where the embedded stack keeps its data and which loopback ports its components use.
 * The defaults are the ones of ARCHITECTURE.md; tests pick free ports so that they can run
 * beside a stack someone already has up.
 */
public record StackConfig(
        Path dataDir,
        int kafkaPort,
        int kafkaControllerPort,
        int metastorePort,
        int hivePort,
        int servingPort,
        String storageUri) {

    public static final String HOST = "127.0.0.1";

    /**
     * @param storageUri a Hadoop file system folder (say {@code hdfs://namenode:8020/lambda})
     *                   for the master dataset and the batch views, or null to keep them in
     *                   the data dir
     */
    public StackConfig {
        dataDir = dataDir.toAbsolutePath().normalize();
        if (storageUri != null) {
            storageUri = storageUri.replaceAll("/+$", "");
        }
    }

    /** The master dataset and the batch views in the data dir. */
    public StackConfig(Path dataDir, int kafkaPort, int kafkaControllerPort, int metastorePort,
            int hivePort, int servingPort) {
        this(dataDir, kafkaPort, kafkaControllerPort, metastorePort, hivePort, servingPort,
                null);
    }

    /** The same stack with its master dataset and batch views under {@code uri}. */
    public StackConfig withStorage(String uri) {
        return new StackConfig(dataDir, kafkaPort, kafkaControllerPort, metastorePort, hivePort,
                servingPort, uri);
    }

    /** The default ports, with data under {@code dataDir}. */
    public static StackConfig defaults(Path dataDir) {
        return new StackConfig(dataDir, 9092, 9093, 9083, 10000, 8080);
    }

    public String bootstrapServers() {
        return HOST + ":" + kafkaPort;
    }

    public String metastoreUri() {
        return "thrift://" + HOST + ":" + metastorePort;
    }

    public String hiveJdbcUrl() {
        return "jdbc:hive2://" + HOST + ":" + hivePort + "/default";
    }

    public String dashboardUrl() {
        return "http://" + HOST + ":" + servingPort + "/";
    }

    /** The master dataset: every valid event ever received, as Parquet. */
    public String masterUri() {
        return storageUri == null ? dataDir.resolve("master").toUri().toString()
                : storageUri + "/master";
    }

    /** The sealed transactions table and the batch views. */
    public String viewsUri() {
        return storageUri == null ? dataDir.resolve("views").toUri().toString()
                : storageUri + "/views";
    }

    public Path statusFile(String component) {
        return dataDir.resolve("status").resolve(component + ".json");
    }

    public Path pidFile(String component) {
        return dataDir.resolve("run").resolve(component + ".pid");
    }

    public Path logFile(String component) {
        return dataDir.resolve("logs").resolve(component + ".log");
    }
}
