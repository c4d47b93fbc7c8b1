package io.lambdashop.reports;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/**
 * {@code ./lambda report}: renders the report of one day or one hour now, from the serving
 * layer's API, into {@code <data>/reports}; {@code --due} renders every complete period not
 * yet reported for the batch version in service (what the serving layer runs after each
 * batch run). A wrong flag prints the usage and exits with 2.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Renders a daily or hourly report (Markdown and PDF) from the serving"
                + " layer's merged views into <data-dir>/reports.")
public final class ReportCli implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--day", paramLabel = "DAY",
                description = "A UTC day, e.g. 2010-12-01.")
        String day;

        @Option(names = "--hour", paramLabel = "HOUR",
                description = "A UTC hour, e.g. 2010-12-01T08.")
        String hour;

        @Option(names = "--due", description = "Every complete period not yet reported for"
                + " the batch version in service.")
        boolean due;
    }

    @Option(names = "--serving-url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "The serving layer (default: ${DEFAULT-VALUE}).")
    URI servingUrl;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "The data dir; reports go to its reports/ folder"
                    + " (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ServingClient client = new ServingClient(servingUrl, Clock.systemUTC());
        ReportFiles files = new ReportFiles(dataDir);
        try {
            if (which.due) {
                DueReports.Summary summary = new DueReports(client, files).run();
                spec.commandLine().getOut().printf("%d reports rendered, %d restamped, %d"
                        + " already current%n", summary.rendered(), summary.restamped(),
                        summary.current());
                return 0;
            }
            Period period = period();
            ReportData data = client.fetch(period);
            Path markdown = files.write(data);
            spec.commandLine().getOut().printf("%s: %s transactions, revenue %s, %s of the"
                    + " period from batch views%n  %s%n  %s%n", period,
                    Figures.count(data.current().transactions()),
                    Figures.money(data.current().revenue()),
                    Figures.share(data.batchCovered().toMinutes(),
                            period.kind().length().toMinutes()),
                    markdown, files.file(period, "pdf"));
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("report: " + e.getMessage());
            return 1;
        }
    }

    private Period period() {
        try {
            return which.day != null ? Period.day(which.day) : Period.hour(which.hour);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    public static void main(String[] args) {
        // ./lambda passes --data-dir first; one given by the user after it wins.
        System.exit(new CommandLine(new ReportCli()).setOverwrittenOptionsAllowed(true)
                .execute(args));
    }
}
