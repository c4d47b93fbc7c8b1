package io.lambdashop.hive;

import io.lambdashop.model.Money;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A query result as text for a person ({@link Format#TABLE}) or for a script
 * ({@link Format#TSV}).
 *
 * <p>Cells are written the same way in both formats:
 * <ul>
 *   <li>SQL NULL as {@code NULL};</li>
 *   <li>DECIMAL exactly, through {@link Money#format}: no exponent, trailing zeros past the
 *       cents dropped ({@code 377488.450} prints {@code 377488.45}, {@code 0.005} stays);</li>
 *   <li>TIMESTAMP as an ISO-8601 UTC instant, e.g. {@code 2010-12-01T08:26:00Z}. Hive's
 *       TIMESTAMP has no zone and every event time here is UTC, so the stored wall-clock
 *       value is printed with a {@code Z}, whatever the JVM's zone;</li>
 *   <li>tab, newline and carriage return inside text as {@code \t}, {@code \n}, {@code \r},
 *       so that one row stays one line.</li>
 * </ul>
 *
 * <p>{@code TABLE}: a header, a line of dashes, one line per row, then a row count such as
 * {@code (2 rows)}; columns two spaces apart, numbers right-aligned, no trailing spaces.
 * {@code TSV}: the header and the rows, tab-separated, no row count.
 */
final class ResultTable {

    /** How {@link #render} lays out the result. */
    enum Format {
        TABLE, TSV
    }

    private static final String COLUMN_GAP = "  ";

    private final List<String> columns;
    private final List<Boolean> numeric;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * @param columns the column labels
     * @param numeric per column, whether it holds numbers (right-aligned in a table)
     */
    ResultTable(List<String> columns, List<Boolean> numeric) {
        if (columns.size() != numeric.size()) {
            throw new IllegalArgumentException(columns.size() + " columns but "
                    + numeric.size() + " alignment flags");
        }
        this.columns = List.copyOf(columns);
        this.numeric = List.copyOf(numeric);
    }

    /** Reads every row of {@code resultSet}. */
    static ResultTable read(ResultSet resultSet) throws SQLException {
        ResultSetMetaData meta = resultSet.getMetaData();
        List<String> labels = new ArrayList<>();
        List<Boolean> numeric = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            labels.add(meta.getColumnLabel(i));
            numeric.add(isNumeric(meta.getColumnType(i)));
        }

        ResultTable table = new ResultTable(labels, numeric);
        while (resultSet.next()) {
            List<Object> values = new ArrayList<>(labels.size());
            for (int i = 1; i <= labels.size(); i++) {
                values.add(resultSet.getObject(i));
            }
            table.addRow(values);
        }
        return table;
    }

    /** Adds a row of raw values (as a JDBC driver returns them), formatted with {@link #cell}. */
    void addRow(List<?> values) {
        if (values.size() != columns.size()) {
            throw new IllegalArgumentException("Row has " + values.size() + " values, table has "
                    + columns.size() + " columns");
        }
        List<String> cells = new ArrayList<>(values.size());
        for (Object value : values) {
            cells.add(cell(value));
        }
        rows.add(cells);
    }

    int rowCount() {
        return rows.size();
    }

    /** The text of one value, as described on the class. */
    static String cell(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof BigDecimal decimal) {
            return Money.format(decimal);
        }
        if (value instanceof Timestamp timestamp) {
            // toLocalDateTime gives the fields the driver parsed, independent of the JVM zone.
            return utcInstant(timestamp.toLocalDateTime());
        }
        if (value instanceof LocalDateTime dateTime) {
            return utcInstant(dateTime);
        }
        return value.toString().replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** The whole result, ending with a newline. */
    String render(Format format) {
        return format == Format.TSV ? renderTsv() : renderTable();
    }

    private String renderTsv() {
        StringBuilder out = new StringBuilder();
        out.append(String.join("\t", columns)).append('\n');
        for (List<String> row : rows) {
            out.append(String.join("\t", row)).append('\n');
        }
        return out.toString();
    }

    private String renderTable() {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = width(columns.get(c));
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], width(row.get(c)));
            }
        }

        StringBuilder out = new StringBuilder();
        appendLine(out, columns, widths);
        List<String> dashes = new ArrayList<>();
        for (int width : widths) {
            dashes.add("-".repeat(width));
        }
        appendLine(out, dashes, widths);
        for (List<String> row : rows) {
            appendLine(out, row, widths);
        }
        out.append('(').append(rows.size()).append(rows.size() == 1 ? " row)" : " rows)")
                .append('\n');
        return out.toString();
    }

    private void appendLine(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append(COLUMN_GAP);
            }
            String text = cells.get(c);
            String padding = " ".repeat(widths[c] - width(text));
            if (numeric.get(c)) {
                line.append(padding).append(text);
            } else {
                line.append(text).append(padding);
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }

    private static String utcInstant(LocalDateTime dateTime) {
        return dateTime.toInstant(ZoneOffset.UTC).toString();
    }

    private static boolean isNumeric(int sqlType) {
        return switch (sqlType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL,
                    Types.NUMERIC, Types.FLOAT, Types.REAL, Types.DOUBLE -> true;
            default -> false;
        };
    }
}
