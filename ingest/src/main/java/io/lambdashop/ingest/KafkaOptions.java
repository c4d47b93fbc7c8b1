package io.lambdashop.ingest;

import picocli.CommandLine.Option;

/** Where Kafka is and how long to wait for it, shared by every subcommand. */
final class KafkaOptions {

    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String bootstrap;

    @Option(names = "--delivery-timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "Give up, with exit code 1, when Kafka has not taken an event after"
                    + " this long (default: ${DEFAULT-VALUE})")
    long deliveryTimeoutSeconds;
}
