package io.lambdashop.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the last batch run of one hour read and wrote, kept at
 * {@code <views-uri>/_batch/runs/<yyyy-MM-ddTHH>.json}. The scheduler compares its file list
 * with the master dataset to know whether the hour changed since.
 *
 * @param masterFiles names of the master files of the hour the run read, with their
 *                    modification times
 */
public record RunRecord(Instant hour, String runId, String batchVersion, Instant startedAt,
        Instant finishedAt, SortedMap<String, Instant> masterFiles, long rowsRead,
        long transactions, BigDecimal revenue) {

    /** The folder of run records under a views uri. */
    public static Path folder(String viewsUri) {
        return new Path(viewsUri, "_batch/runs");
    }

    /** Writes the record, replacing the hour's previous one, through Hadoop's FileSystem. */
    public void write(String viewsUri, Configuration conf) {
        Path target = new Path(folder(viewsUri), Hours.text(hour) + ".json");
        Path temp = new Path(folder(viewsUri), "." + Hours.text(hour) + ".json." + runId);
        try {
            FileSystem fs = FileSystem.get(URI.create(viewsUri), conf);
            try (FSDataOutputStream out = fs.create(temp, true)) {
                out.write(Json.write(toJson()).getBytes(StandardCharsets.UTF_8));
            }
            // HDFS does not rename over an existing file; the window between the two steps
            // only makes the hour look unbatched, which is the safe side.
            fs.delete(target, false);
            if (!fs.rename(temp, target)) {
                throw new IOException("rename " + temp + " -> " + target + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the run record " + target, e);
        }
    }

    /** Every hour's last run record, by hour; empty when no run ever finished. */
    public static SortedMap<Instant, RunRecord> readAll(String viewsUri, Configuration conf) {
        SortedMap<Instant, RunRecord> records = new TreeMap<>();
        try {
            FileSystem fs = FileSystem.get(URI.create(viewsUri), conf);
            FileStatus[] statuses;
            try {
                statuses = fs.listStatus(folder(viewsUri),
                        path -> path.getName().endsWith(".json")
                                && !path.getName().startsWith("."));
            } catch (FileNotFoundException e) {
                return records;
            }
            for (FileStatus status : statuses) {
                try (FSDataInputStream in = fs.open(status.getPath())) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    RunRecord record = fromJson(Json.read(text));
                    records.put(record.hour(), record);
                }
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read run records under "
                    + folder(viewsUri), e);
        }
    }

    ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("hour", hour.toString());
        node.put("dt", Hours.dt(hour));
        node.put("hr", Hours.hr(hour));
        node.put("run_id", runId);
        node.put("batch_version", batchVersion);
        node.put("started_at", startedAt.toString());
        node.put("finished_at", finishedAt.toString());
        node.put("rows_read", rowsRead);
        node.put("transactions", transactions);
        node.put("duplicates_removed", rowsRead - transactions);
        node.put("revenue", revenue);
        ArrayNode files = node.putArray("master_files");
        for (Map.Entry<String, Instant> file : masterFiles.entrySet()) {
            files.addObject().put("name", file.getKey())
                    .put("modified", file.getValue().toString());
        }
        return node;
    }

    static RunRecord fromJson(JsonNode node) {
        SortedMap<String, Instant> files = new TreeMap<>();
        for (JsonNode file : node.path("master_files")) {
            files.put(file.get("name").asText(), Instant.parse(file.get("modified").asText()));
        }
        return new RunRecord(Instant.parse(node.get("hour").asText()),
                node.get("run_id").asText(), node.get("batch_version").asText(),
                Instant.parse(node.get("started_at").asText()),
                Instant.parse(node.get("finished_at").asText()), files,
                node.get("rows_read").asLong(), node.get("transactions").asLong(),
                node.get("revenue").decimalValue());
    }
}
