package io.lambdashop.batch;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Says whether the master dataset has passed the end of an hour, by the same rule as the
 * embedded scheduler ({@link PendingHours#complete}): the archiver has written an event at
 * or after the hour's end plus the allowed lateness. Orchestrators poll it before batching
 * the hour (Airflow's hourly DAG runs it as a sensor).
 *
 * <p>Exit codes: 0 the hour is complete, {@value #NOT_YET} not yet, 1 the archiver's status
 * cannot be read, 2 a wrong command line. It needs no Spark session: a poll costs one JVM
 * start and one small file read.
 */
@Command(name = "hour-complete", mixinStandardHelpOptions = true,
        description = "Exits 0 when the master dataset has passed the end of --hour plus the "
                + "lateness, " + HourComplete.NOT_YET + " when not yet.")
public final class HourComplete implements Callable<Integer> {

    /** The exit code for "not yet": distinct from failures, so a sensor can poll again. */
    public static final int NOT_YET = 3;

    @Option(names = "--data-dir", defaultValue = "./data",
            description = "Data dir holding status/archiver.json (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--hour", required = true,
            description = "The hour, e.g. 2010-12-01T08 (UTC).")
    String hourText;

    @Option(names = "--lateness", defaultValue = "10 minutes",
            description = "How late an event may come and still count as on time "
                    + "(default: ${DEFAULT-VALUE}).")
    String latenessText;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new HourComplete()).execute(args));
    }

    @Override
    public Integer call() {
        Instant hour;
        Duration lateness;
        try {
            hour = Hours.parse(hourText, "--hour");
            lateness = Hours.parseLateness(latenessText);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }

        Path statusFile = ArchiverStatus.file(dataDir.toAbsolutePath().normalize());
        ArchiverStatus status;
        try {
            status = ArchiverStatus.read(statusFile);
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }

        Optional<Instant> maxEventTime = status.maxEventTime();
        Instant needed = hour.plus(Hours.ONE_HOUR).plus(lateness);
        boolean complete = PendingHours.complete(hour, maxEventTime, lateness);
        spec.commandLine().getOut().printf("Hour %s is %s: the archiver has written events up "
                + "to %s, the hour needs %s (its end plus %s of lateness); status %s%n",
                Hours.text(hour), complete ? "complete" : "not complete yet",
                maxEventTime.map(Instant::toString).orElse("none yet"), needed, latenessText,
                statusFile);
        return complete ? 0 : NOT_YET;
    }
}
