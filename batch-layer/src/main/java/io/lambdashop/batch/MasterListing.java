package io.lambdashop.batch;

import io.lambdashop.model.SparkEvents;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The master dataset as the batch layer sees it: a DataFrame over its root, and which files
 * of which hour that DataFrame reads.
 *
 * <p>Both come from one read of the streaming sink's {@code _spark_metadata} log, so files of
 * failed micro-batches (present in the folders, absent from the log) are neither read nor
 * listed, and the file list recorded for a run is exactly what the run read.
 */
public final class MasterListing {

    /** The master's columns: the event, then the partition columns. */
    public static final StructType SCHEMA = SparkEvents.eventSchema()
            .add("dt", DataTypes.StringType)
            .add("hr", DataTypes.IntegerType);

    private final Dataset<Row> rows;
    private final SortedMap<Instant, SortedMap<String, Instant>> filesByHour;

    private MasterListing(Dataset<Row> rows,
            SortedMap<Instant, SortedMap<String, Instant>> filesByHour) {
        this.rows = rows;
        this.filesByHour = filesByHour;
    }

    /** Reads the sink's log under {@code masterUri}; an absent master is an empty one. */
    public static MasterListing read(SparkSession spark, String masterUri) {
        try {
            Path root = new Path(masterUri);
            FileSystem fs = FileSystem.get(URI.create(masterUri),
                    spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(root)) {
                return new MasterListing(spark.createDataFrame(List.of(), SCHEMA),
                        new TreeMap<>());
            }

            Dataset<Row> rows = spark.read().schema(SCHEMA).parquet(masterUri);
            Set<String> logged = new HashSet<>();
            for (String file : rows.inputFiles()) {
                logged.add(relativeKey(file));
            }

            // Modification times come from one listing of the hour folders; only files the
            // log names count.
            SortedMap<Instant, SortedMap<String, Instant>> filesByHour = new TreeMap<>();
            FileStatus[] statuses = fs.globStatus(new Path(root, "dt=*/hr=*/*"));
            for (FileStatus status : statuses == null ? new FileStatus[0] : statuses) {
                String key = relativeKey(status.getPath().toString());
                Instant hour = Hours.fromPath(key);
                if (hour != null && logged.contains(key)) {
                    filesByHour.computeIfAbsent(hour, h -> new TreeMap<>()).put(
                            status.getPath().getName(),
                            Instant.ofEpochMilli(status.getModificationTime()));
                }
            }
            return new MasterListing(rows, filesByHour);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the master dataset " + masterUri, e);
        }
    }

    /** {@code dt=.../hr=.../name}: the same key whatever form of URI a path comes in. */
    private static String relativeKey(String path) {
        int dt = path.lastIndexOf("/dt=");
        return dt < 0 ? path : path.substring(dt + 1);
    }

    /** All rows of the master dataset (partition pruning applies to filters on dt, hr). */
    public Dataset<Row> rows() {
        return rows;
    }

    /** Per hour with data, its file names and their modification times. */
    public SortedMap<Instant, SortedMap<String, Instant>> filesByHour() {
        return Collections.unmodifiableSortedMap(filesByHour);
    }

    /** The files of one hour, empty when it has no data. */
    public SortedMap<String, Instant> files(Instant hour) {
        return filesByHour.getOrDefault(hour, new TreeMap<>());
    }

    /** Per hour, the set of its file names: what {@link PendingHours} compares. */
    public Map<Instant, Set<String>> fileNamesByHour() {
        Map<Instant, Set<String>> names = new TreeMap<>();
        filesByHour.forEach((hour, files) -> names.put(hour, files.keySet()));
        return names;
    }

    /** The newest modification time of the hour's files. */
    public static Instant newest(SortedMap<String, Instant> files) {
        return files.values().stream().max(Instant::compareTo).orElse(Instant.EPOCH);
    }
}
