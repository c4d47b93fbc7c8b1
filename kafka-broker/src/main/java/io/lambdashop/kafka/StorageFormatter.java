package io.lambdashop.kafka;

import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Formats the KRaft storage of the broker once, the way {@code kafka-storage.sh format} does.
 *
 * <p>A KRaft node refuses to start on an unformatted log dir, and formatting again with a
 * different cluster id would orphan the data. So the storage is formatted only when it has no
 * {@code meta.properties} yet, and {@code --ignore-formatted} makes a race with a previous
 * run harmless: data survives restarts.
 */
final class StorageFormatter {

    private static final Logger LOG = LoggerFactory.getLogger(StorageFormatter.class);

    private StorageFormatter() {
    }

    /**
     * Formats {@code logDir} unless it already is.
     *
     * @param configFile the broker properties, as the storage tool reads them from a file
     * @return true if this call formatted it, false if it was formatted before
     * @throws IllegalStateException if the storage tool reports a failure
     */
    static boolean formatOnce(Path logDir, Path configFile) {
        Path metaProperties = logDir.resolve("meta.properties");
        if (Files.isRegularFile(metaProperties)) {
            LOG.info("Kafka storage in {} is already formatted; keeping its data", logDir);
            return false;
        }

        // StorageTool.main would call exit; execute returns the status and prints its
        // messages to the stream we give it, which we pass on to the log.
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(new String[] {
                "format", "--cluster-id", clusterId, "--config", configFile.toString(),
                "--ignore-formatted"}, out);
        }
        String message = output.toString(StandardCharsets.UTF_8).trim();
        if (status != 0) {
            throw new IllegalStateException("Formatting Kafka storage in " + logDir
                    + " failed with status " + status + ": " + message);
        }
        LOG.info("Formatted Kafka storage in {} with cluster id {}: {}", logDir, clusterId,
                message);
        return true;
    }
}
