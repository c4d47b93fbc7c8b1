package io.lambdashop.hive;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;

/**
 * {@code ./lambda sql "STATEMENT"}: runs one statement on HiveServer2 through the Hive JDBC
 * driver and prints its result, formatted by {@link ResultTable} (exact decimals, UTC
 * timestamps as {@code 2010-12-01T08:26:00Z}, {@code NULL}). A statement without a result
 * set prints {@code OK}.
 *
 * <p>Exit code 0 on success, 1 when the server refused the statement or could not be reached
 * (one line on stderr, no stack trace), 2 for a bad command line.
 *
 * <p>This JVM starts on every call, so it stays light: logging is set to errors only before
 * any logger exists, and nothing but the JDBC driver is touched.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Runs one SQL statement on HiveServer2 and prints the result.")
public final class SqlClient implements Callable<Integer> {

    static {
        // Must run before the JDBC driver creates its first logger; the server's log4j2.xml,
        // on the same classpath, would otherwise print Hive's INFO lines with the result.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile",
                    "io/lambdashop/hive/log4j2-sql-client.xml");
        }
    }

    static final String DEFAULT_URL = "jdbc:hive2://127.0.0.1:10000/default";

    @Option(names = "--url", defaultValue = DEFAULT_URL,
            description = "HiveServer2 JDBC URL (default: ${DEFAULT-VALUE}).")
    private String url;

    @Option(names = "--format", defaultValue = "table",
            description = "table (aligned, with a row count) or tsv (default: ${DEFAULT-VALUE}).")
    private String format;

    @Parameters(index = "0", paramLabel = "STATEMENT", description = "One HiveQL statement.")
    private String statement;

    private final PrintStream out;
    private final PrintStream err;

    private SqlClient(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        int exitCode = run(args, out, System.err);
        out.flush();
        System.exit(exitCode);
    }

    /** Parses {@code args}, runs the statement and returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new SqlClient(out, err));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        ResultTable.Format layout = parseFormat(format);
        String sql = withoutTrailingSemicolons(statement);
        if (layout == null || sql.isEmpty()) {
            err.println(layout == null
                    ? "Unknown --format '" + format + "': use table or tsv."
                    : "No statement given: ./lambda sql \"SELECT ...\"");
            return 2;
        }

        Connection connection;
        try {
            connection = DriverManager.getConnection(url, System.getProperty("user.name"), "");
        } catch (SQLException e) {
            err.println(isUnreachable(e)
                    ? "Cannot reach HiveServer2 at " + url + ": is the stack running?"
                            + " Start it with ./lambda up"
                    : "Cannot connect to " + url + ": " + firstLine(e.getMessage()));
            return 1;
        }

        try (connection; Statement jdbcStatement = connection.createStatement()) {
            if (!jdbcStatement.execute(sql)) {
                out.println("OK");
                return 0;
            }
            try (ResultSet resultSet = jdbcStatement.getResultSet()) {
                out.print(ResultTable.read(resultSet).render(layout));
            }
            return 0;
        } catch (SQLException e) {
            err.println("Error: " + firstLine(e.getMessage()));
            return 1;
        }
    }

    private static ResultTable.Format parseFormat(String name) {
        return switch (name) {
            case "table" -> ResultTable.Format.TABLE;
            case "tsv" -> ResultTable.Format.TSV;
            default -> null;
        };
    }

    /** Hive rejects a trailing semicolon, which people type out of habit. */
    static String withoutTrailingSemicolons(String sql) {
        String trimmed = sql == null ? "" : sql.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        return trimmed;
    }

    /** Whether nothing listened at the address, as opposed to a server that said no. */
    private static boolean isUnreachable(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        String message = String.valueOf(e.getMessage());
        return message.contains("Connection refused");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message from the server)";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }
}
