package io.lambdashop.batch;

import io.lambdashop.launcher.Repository;

import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The options every batch-layer main shares; defaults are those of ARCHITECTURE.md. */
public class BatchOptions {

    @Option(names = "--data-dir", defaultValue = "./data",
            description = "Data dir of the stack (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--master-uri",
            description = "Master dataset (default: file://<data-dir>/master).")
    String masterUri;

    @Option(names = "--views-uri",
            description = "Root of the batch views (default: file://<data-dir>/views).")
    String viewsUri;

    @Option(names = "--metastore-uri", defaultValue = "thrift://127.0.0.1:9083",
            description = "Hive metastore (default: ${DEFAULT-VALUE}).")
    String metastoreUri;

    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--hive-jars",
            description = "Hive 4.0.1 client jars, comma-separated paths or globs (default: "
                    + "the jars of hive-server/target/classpath.txt).")
    String hiveJars;

    @Option(names = "--master",
            description = "Spark master (default: spark-submit's --master, else local[*]).")
    String sparkMaster;

    @Option(names = "--lateness", defaultValue = "10 minutes",
            description = "How late an event may come and still count as on time "
                    + "(default: ${DEFAULT-VALUE}).")
    String lateness;

    @Option(names = "--shuffle-partitions", defaultValue = "4",
            description = "spark.sql.shuffle.partitions (default: ${DEFAULT-VALUE}).")
    int shufflePartitions;

    public Path dataDir() {
        return dataDir.toAbsolutePath().normalize();
    }

    public String masterUri() {
        return masterUri != null ? masterUri : fileUri(dataDir().resolve("master"));
    }

    public String viewsUri() {
        return viewsUri != null ? viewsUri : fileUri(dataDir().resolve("views"));
    }

    public String metastoreUri() {
        return metastoreUri;
    }

    public String bootstrap() {
        return bootstrap;
    }

    /**
     * The Spark master: this option, else the one spark-submit passed (it sets the system
     * property {@code spark.master} before calling the main), else {@code local[*]}.
     */
    public String sparkMaster() {
        return sparkMaster(sparkMaster);
    }

    /** The master to use when the command line says {@code option} (null: not given). */
    public static String sparkMaster(String option) {
        if (option != null) {
            return option;
        }
        return System.getProperty("spark.master", "local[*]");
    }

    /** Whether the driver runs everything itself, so it can listen on loopback only. */
    public static boolean isLocal(String sparkMaster) {
        return sparkMaster.startsWith("local");
    }

    public String latenessText() {
        return lateness;
    }

    public Duration lateness() {
        return Hours.parseLateness(lateness);
    }

    public int shufflePartitions() {
        return shufflePartitions;
    }

    /**
     * The Hive 4.0.1 jars Spark's metastore client loads, as
     * {@code spark.sql.hive.metastore.jars.path} wants them: comma-separated.
     */
    public String hiveJars() {
        if (hiveJars != null) {
            return hiveJars;
        }
        Path listing = Repository.root().resolve("hive-server/target/classpath.txt");
        if (!Files.isRegularFile(listing)) {
            throw new IllegalStateException("No Hive 4.0.1 jars: " + listing + " is missing. "
                    + "Build it (mvn -pl hive-server package) or pass --hive-jars");
        }
        try {
            return Arrays.stream(Files.readString(listing).trim().split(File.pathSeparator))
                    .filter(jar -> jar.endsWith(".jar"))
                    .map(jar -> "file://" + Path.of(jar).toAbsolutePath())
                    .collect(Collectors.joining(","));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code file:///abs/path} without the trailing slash {@link Path#toUri()} may add. */
    static String fileUri(Path path) {
        return "file://" + path.toAbsolutePath().normalize();
    }
}
