package io.lambdashop.ingest;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/** {@code ingest generate}: the options, then {@link Generator} does the work. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Publishes synthetic sales (event time now) into topic transactions"
                + " until --count or --duration is reached, or Ctrl-C.")
final class GenerateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaOptions kafka;

    @Option(names = "--rate", defaultValue = "200", paramLabel = "N",
            description = "Events per second (default: ${DEFAULT-VALUE})")
    private double rate;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N events")
    private Long count;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Stop after this many seconds")
    private Long durationSeconds;

    @Override
    public Integer call() {
        if (!(rate > 0)) {
            throw new ParameterException(spec.commandLine(), "--rate must be above 0");
        }
        if (count != null && count < 0 || durationSeconds != null && durationSeconds < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--count and --duration cannot be negative");
        }
        Duration duration = durationSeconds == null ? null : Duration.ofSeconds(durationSeconds);

        StopSignal stop = StopSignal.onShutdown(kafka.deliveryTimeoutSeconds + 10);
        try (KafkaPublisher publisher = new KafkaPublisher(kafka.bootstrap,
                Duration.ofSeconds(kafka.deliveryTimeoutSeconds))) {
            Generator generator = new Generator(new SyntheticEvents(new SplittableRandom()),
                    publisher, stop);
            RunSummary summary = generator.run(rate, count, duration);
            spec.commandLine().getOut().print(summary.format());
            spec.commandLine().getOut().flush();
            return 0;
        } finally {
            stop.finished();
        }
    }
}
