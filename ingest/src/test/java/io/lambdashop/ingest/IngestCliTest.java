package io.lambdashop.ingest;

import io.lambdashop.launcher.Components;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class IngestCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void wrongFlagPrintsUsageAndExits2() {
        int exitCode = run("replay", "--no-such-flag", "x.csv");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-flag'")
                .contains("Usage: ingest replay");
    }

    @Test
    void badOptionValueExits2() {
        assertThat(run("generate", "--rate", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--rate must be above 0");
    }

    @Test
    void missingInputExits1WithTheReason(@TempDir Path dir) {
        assertThat(run("replay", dir.resolve("nothing.csv").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("No such file or folder");
    }

    @Test
    void unreachableKafkaExits1InsteadOfHanging(@TempDir Path dir) throws IOException {
        // A port nobody listens on: the bounded delivery timeout must end the run.
        int closedPort = Components.freePort();
        Path csv = Files.writeString(dir.resolve("one.csv"),
                "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,"
                        + "Country\n536365,85123A,HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,"
                        + "United Kingdom\n");
        long startNanos = System.nanoTime();

        int exitCode = run("replay", "--bootstrap", "127.0.0.1:" + closedPort,
                "--delivery-timeout", "2", csv.toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("Kafka at 127.0.0.1:" + closedPort)
                .contains("within 2 s");
        assertThat(Duration.ofNanos(System.nanoTime() - startNanos))
                .isLessThan(Duration.ofSeconds(20));
        assertThat(out.toString()).isEmpty();
    }

    private int run(String... args) {
        CommandLine commandLine = IngestCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
