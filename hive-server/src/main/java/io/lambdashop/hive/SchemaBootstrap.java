package io.lambdashop.hive;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates database {@code ecommerce}, its external tables and its views through HiveServer2,
 * from the SQL resource {@code ecommerce-schema.sql} beside this class.
 *
 * <p>Every statement there is {@code IF NOT EXISTS}, so running it at every start is safe: an
 * existing table keeps its partitions and location. The flip side: a changed definition in
 * the file (a new column, another view body) is not applied to a data dir that already has
 * the object; drop it by hand first.
 */
final class SchemaBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaBootstrap.class);

    static final String RESOURCE = "ecommerce-schema.sql";
    private static final String VIEWS_URI_PLACEHOLDER = "${viewsUri}";

    private final String viewsUri;

    /** @param viewsUri where the tables' data lives, without a trailing slash */
    SchemaBootstrap(String viewsUri) {
        if (viewsUri.contains("'")) {
            // It is spliced into a quoted SQL literal.
            throw new IllegalArgumentException("A views URI must not contain a quote: "
                    + viewsUri);
        }
        this.viewsUri = viewsUri;
    }

    /** Runs every statement of the schema, in order; the first failure stops the run. */
    void run(Connection connection) throws SQLException {
        List<String> statements = statements();
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    throw new SQLException("Schema bootstrap failed on: " + firstLine(sql)
                            + " -- " + e.getMessage(), e.getSQLState(), e);
                }
            }
        }
        LOG.info("Schema ecommerce checked: {} statements, tables over {}", statements.size(),
                viewsUri);
    }

    /** The statements of the resource, with the views URI filled in and comments removed. */
    List<String> statements() {
        return split(readResource().replace(VIEWS_URI_PLACEHOLDER, viewsUri));
    }

    /**
     * Splits a script into statements: a statement ends with a semicolon at the end of a
     * line; lines starting with {@code --} are comments. Deliberately simple, since the
     * script is ours: no semicolons inside literals at a line end.
     */
    static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                statements.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(trimmed).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalStateException("Schema script ends without a semicolon after: "
                    + firstLine(current.toString()));
        }
        return statements;
    }

    private static String readResource() {
        try (InputStream in = SchemaBootstrap.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + RESOURCE + " missing from the"
                        + " classpath of " + SchemaBootstrap.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String sql) {
        int end = sql.indexOf('\n');
        return end < 0 ? sql : sql.substring(0, end) + " ...";
    }
}
