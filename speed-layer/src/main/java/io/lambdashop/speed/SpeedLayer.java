package io.lambdashop.speed;

import io.lambdashop.model.Topics;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The speed layer's process: reads {@code transactions} from Kafka and keeps the 1-minute
 * speed views, the dead letters and the top amounts of each minute up to date (see
 * {@link SpeedLayerJob}), until SIGTERM.
 */
@Command(name = "speed-layer", mixinStandardHelpOptions = true,
        description = "Spark Structured Streaming from transactions to the speed views.")
public final class SpeedLayer implements Callable<Integer> {

    static final String SOURCE_TOPIC = Topics.TRANSACTIONS;

    /** Spark's own shutdown hook stops the SparkContext at priority 50; we go first. */
    private static final int SHUTDOWN_PRIORITY = 100;

    /** Room for both queries to finish their micro-batch (Hadoop's default is 30 s). */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(SpeedLayer.class);

    @Option(names = "--data-dir", defaultValue = "./data",
            description = "Data dir (checkpoints, status). Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers. Default: ${DEFAULT-VALUE}")
    String bootstrap;

    @Option(names = "--watermark", defaultValue = "10 minutes",
            description = "How late an event may be and still count. Default: ${DEFAULT-VALUE}")
    String watermark;

    @Option(names = "--trigger", defaultValue = "1 second",
            description = "Micro-batch interval. Default: ${DEFAULT-VALUE}")
    String trigger;

    @Option(names = "--master",
            description = "Spark master. Default: spark-submit's --master, else local[*]")
    String master;

    @Option(names = "--shuffle-partitions", defaultValue = "2",
            description = "Partitions of the view state; fixed once a checkpoint exists. "
                    + "Default: ${DEFAULT-VALUE}")
    int shufflePartitions;

    @Option(names = "--max-offsets-per-trigger", defaultValue = "200000",
            description = "Largest micro-batch when draining a backlog. Default: ${DEFAULT-VALUE}")
    long maxOffsetsPerTrigger;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SpeedLayer()).execute(args));
    }

    /** A local Spark session set up as the speed layer needs it (also used by tests). */
    public static SparkSession createSession(String master, int shufflePartitions) {
        SparkSession.Builder builder = SparkSession.builder();
        // On a cluster the executors connect back to the driver, which must not hide on
        // loopback; locally, loopback keeps a laptop's firewall and VPN out of the way.
        if (master.startsWith("local")) {
            builder.config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        }
        return builder
                .appName("speed-layer")
                .master(master)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                // Base64 sketches must be one line: the serving layer decodes them whole.
                .config("spark.sql.chunkBase64String.enabled", "false")
                .config("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions))
                .getOrCreate();
    }

    @Override
    public Integer call() throws Exception {
        SpeedLayerJob.Settings settings = new SpeedLayerJob.Settings(dataDir.toAbsolutePath(),
                bootstrap, watermark, trigger, maxOffsetsPerTrigger);
        // spark-submit passes its --master as the system property spark.master.
        String sparkMaster = master != null ? master
                : System.getProperty("spark.master", "local[*]");
        LOG.info("Starting the speed layer: Kafka {}, watermark {}, trigger {}, master {}, "
                + "data dir {}", bootstrap, watermark, trigger, sparkMaster, settings.dataDir());
        SparkSession spark = createSession(sparkMaster, shufflePartitions);
        SpeedLayerJob job = SpeedLayerJob.start(spark, settings);

        // Through Hadoop's hook manager (which Spark's own hook uses) so that the queries stop
        // before Spark tears the context down under them.
        org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(() -> {
            LOG.info("Stop requested; stopping the queries after their running micro-batch");
            job.close();
        }, SHUTDOWN_PRIORITY, SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        try {
            job.awaitAnyTermination();
            return 0;
        } catch (StreamingQueryException e) {
            LOG.error("The speed layer stops because a query failed: {}", e.getMessage());
            job.close();
            spark.stop();
            return 1;
        }
    }
}
