package io.lambdashop.batch;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTablePartition;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

import static org.apache.spark.sql.functions.col;

/**
 * The batch layer's side of the Hive tables of ARCHITECTURE.md, through Spark's Hive support
 * against the real metastore. The tables themselves are created by hive-server; this class
 * finds where they live, matches rows to their columns, and keeps their partitions and
 * properties.
 */
final class HiveTables {

    static final String TRANSACTIONS = "ecommerce.transactions";
    static final String SALES_MINUTE = "ecommerce.sales_minute";
    static final String BOUNDARY = "lambda.batch.boundary";
    static final String VERSION = "lambda.batch.version";

    private final SparkSession spark;

    HiveTables(SparkSession spark) {
        this.spark = spark;
    }

    /** Where the metastore says the table's data lives. */
    String location(String table) {
        for (Row row : spark.sql("DESCRIBE TABLE EXTENDED " + table).collectAsList()) {
            if ("Location".equals(row.getString(0))) {
                return row.getString(1).trim();
            }
        }
        throw new IllegalStateException("Table " + table + " has no LOCATION in the metastore; "
                + "hive-server creates it as an external table under --views-uri");
    }

    /**
     * Selects the table's columns, in its order, from {@code rows}, and fails with the
     * difference if the types are not the table's: a silent cast could lose money digits.
     */
    Dataset<Row> conform(String table, Dataset<Row> rows) {
        StructType tableSchema = spark.table(table).schema();
        Map<String, StructField> ours = new HashMap<>();
        for (StructField field : rows.schema().fields()) {
            ours.put(field.name().toLowerCase(), field);
        }
        List<Column> columns = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (StructField field : tableSchema.fields()) {
            StructField mine = ours.get(field.name().toLowerCase());
            if (mine == null) {
                problems.add(field.name() + " is missing");
            } else if (!mine.dataType().equals(field.dataType())) {
                problems.add(field.name() + " is " + mine.dataType().simpleString()
                        + ", the table has " + field.dataType().simpleString());
            } else {
                columns.add(col(mine.name()));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The rows do not fit " + table + ": "
                    + String.join("; ", problems));
        }
        return rows.select(columns.toArray(Column[]::new));
    }

    /** The hours the metastore has a partition for, each with its folder. */
    Map<Instant, String> partitionLocations(String table) {
        String[] name = table.split("\\.");
        Map<Instant, String> locations = new TreeMap<>();
        for (CatalogTablePartition partition : CollectionConverters.asJava(spark.sharedState()
                .externalCatalog().listPartitions(name[0], name[1], Option.empty()))) {
            Instant hour = Hours.of(partition.spec().apply("dt"),
                    Integer.parseInt(partition.spec().apply("hr")));
            locations.put(hour, partition.location().toString());
        }
        return locations;
    }

    /** Registers the hours' partitions at their folders under {@code location}. */
    void addPartitions(String table, String location, Collection<Instant> hours) {
        if (hours.isEmpty()) {
            return;
        }
        String specs = hours.stream().sorted()
                .map(hour -> Hours.partitionSpec(hour) + " LOCATION '"
                        + quote(location + "/" + Hours.partitionPath(hour)) + "'")
                .collect(Collectors.joining(" "));
        spark.sql("ALTER TABLE " + table + " ADD IF NOT EXISTS " + specs);
    }

    /**
     * Points existing partitions at new folders, one statement each: a partition is never
     * missing in between, so a query sees the old hour or the new one, never none.
     */
    void setLocations(String table, Map<Instant, String> locations) {
        locations.forEach((hour, location) -> spark.sql("ALTER TABLE " + table + " "
                + Hours.partitionSpec(hour) + " SET LOCATION '" + quote(location) + "'"));
    }

    /** Removes the hours' partitions from the metastore (their files are deleted apart). */
    void dropPartitions(String table, Collection<Instant> hours) {
        if (hours.isEmpty()) {
            return;
        }
        String specs = hours.stream().sorted().map(Hours::partitionSpec)
                .collect(Collectors.joining(", "));
        spark.sql("ALTER TABLE " + table + " DROP IF EXISTS " + specs);
    }

    Optional<String> property(String table, String key) {
        for (Row row : spark.sql("SHOW TBLPROPERTIES " + table).collectAsList()) {
            if (key.equals(row.getString(0))) {
                return Optional.of(row.getString(1));
            }
        }
        return Optional.empty();
    }

    Optional<Instant> boundary() {
        return property(SALES_MINUTE, BOUNDARY).map(Instant::parse);
    }

    void setBoundary(Instant boundary, String version) {
        spark.sql("ALTER TABLE " + SALES_MINUTE + " SET TBLPROPERTIES ('" + BOUNDARY + "'='"
                + boundary + "', '" + VERSION + "'='" + quote(version) + "')");
    }

    private static String quote(String text) {
        return text.replace("\\", "\\\\").replace("'", "\\'");
    }
}
