package io.lambdashop.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

import org.apache.logging.log4j.LogManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * The Kafka of the embedded stack: a single KRaft node, broker and controller in this JVM,
 * with storage under {@code <data-dir>/kafka} kept across restarts.
 *
 * <p>Start-up order matters to whoever waits for it: the {@code ready} marker is removed
 * first and written again only once the server runs and every topic of the contract exists,
 * so a marker left by a crashed run never announces a broker that is not there.
 */
@Command(name = "kafka-broker", mixinStandardHelpOptions = true,
        description = "Runs a single-node Kafka (KRaft broker+controller) for the stack.")
public final class KafkaBroker implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    @Option(names = "--data-dir", defaultValue = "./data",
            description = "Data dir; storage goes to <data-dir>/kafka (default: ${DEFAULT-VALUE})")
    private Path dataDir;

    @Option(names = "--port", defaultValue = "9092",
            description = "Client listener port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
    private int port;

    @Option(names = "--controller-port", defaultValue = "9093",
            description = "KRaft controller port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
    private int controllerPort;

    public static void main(String[] args) {
        System.exit(new CommandLine(new KafkaBroker()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path kafkaDir = dataDir.resolve("kafka").toAbsolutePath();
        Path logDir = kafkaDir.resolve("log");
        Path readyMarker = kafkaDir.resolve("ready");
        Files.createDirectories(kafkaDir);

        // A marker from an earlier run would make the stack believe we are up already.
        Files.deleteIfExists(readyMarker);

        // The storage tool reads its settings from a file; it is rewritten on every start
        // because the ports may differ from the last run.
        Properties props = BrokerConfig.properties(logDir, port, controllerPort);
        Path configFile = kafkaDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, "Written by io.lambdashop.kafka.KafkaBroker at every start");
        }
        StorageFormatter.formatOnce(logDir, configFile);

        long startNanos = System.nanoTime();
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, readyMarker),
                "kafka-broker-shutdown"));
        server.startup();
        LOG.info("Kafka started on 127.0.0.1:{} (controller {}) in {} ms, storage {}", port,
                controllerPort, Duration.ofNanos(System.nanoTime() - startNanos).toMillis(),
                logDir);

        TopicSetup.ensureTopics("127.0.0.1:" + port);
        Files.writeString(readyMarker, "127.0.0.1:" + port + "\n");
        LOG.info("Kafka is ready: wrote {}", readyMarker);

        server.awaitShutdown();
        return 0;
    }

    /**
     * Runs on SIGTERM or SIGINT: the marker goes first so nobody connects to a broker that is
     * going away, then Kafka closes its logs cleanly, so the next start needs no recovery.
     */
    private static void stop(KafkaRaftServer server, Path readyMarker) {
        LOG.info("Stop requested: shutting Kafka down");
        try {
            Files.deleteIfExists(readyMarker);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}; delete it by hand before the next start", readyMarker,
                    e);
        }

        long startNanos = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka stopped cleanly in {} ms",
                Duration.ofNanos(System.nanoTime() - startNanos).toMillis());

        // log4j's own shutdown hook is disabled in log4j2.xml so that the lines above are
        // written; flush and stop it now.
        LogManager.shutdown();
    }
}
