package io.lambdashop.ingest;

import io.lambdashop.model.OnlineRetailCsv;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ingest replay}: the options, then {@link Replayer} does the work. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replays Online Retail CSV files (.csv, .csv.gz) into topic transactions.")
final class ReplayCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaOptions kafka;

    @Parameters(arity = "1..*", paramLabel = "PATH",
            description = "Files, folders (their CSV files, by name) or quoted glob patterns")
    private List<String> paths;

    @Option(names = "--zone", defaultValue = "UTC", paramLabel = "ZONE",
            description = "Time zone InvoiceDate is written in (default: ${DEFAULT-VALUE})")
    private ZoneId zone;

    @Option(names = "--speed", paramLabel = "N",
            description = "Replay at N times event time (default: as fast as possible)")
    private Double speed;

    @Option(names = "--rebase", paramLabel = "now|INSTANT",
            description = "Shift event times so the first event happens now (or at the given"
                    + " ISO instant) and suffix ids with @<epoch seconds of that instant>")
    private String rebase;

    @Override
    public Integer call() {
        if (speed != null && !(speed > 0)) {
            throw new ParameterException(spec.commandLine(), "--speed must be above 0");
        }
        Rebase rebasing = rebase == null ? null : Rebase.to(rebaseTarget());
        List<Path> files = InputFiles.expand(paths);

        StopSignal stop = StopSignal.onShutdown(kafka.deliveryTimeoutSeconds + 10);
        try (KafkaPublisher publisher = new KafkaPublisher(kafka.bootstrap,
                Duration.ofSeconds(kafka.deliveryTimeoutSeconds))) {
            Replayer replayer = new Replayer(new OnlineRetailCsv(zone), publisher, speed,
                    rebasing, stop);
            RunSummary summary = replayer.replay(files);
            spec.commandLine().getOut().print(summary.format());
            spec.commandLine().getOut().flush();
            // Everything readable was replayed, but not everything asked for: say so.
            return summary.unreadableFiles().isEmpty() ? 0 : 1;
        } finally {
            stop.finished();
        }
    }

    /** Whole seconds, so that the id suffix names the rebase instant exactly. */
    private Instant rebaseTarget() {
        if (rebase.equals("now")) {
            return Instant.now().truncatedTo(ChronoUnit.SECONDS);
        }
        try {
            return Instant.parse(rebase).truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--rebase takes 'now' or an ISO"
                    + " instant such as 2026-12-03T09:00:00Z, not '" + rebase + "'");
        }
    }
}
