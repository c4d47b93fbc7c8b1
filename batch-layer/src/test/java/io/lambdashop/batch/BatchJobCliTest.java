package io.lambdashop.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BatchJobCliTest {

    @Test
    void withNoMetastoreTheBatchSaysSoInOneLine(@TempDir Path dataDir) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BatchJob.Cli());
        cli.setErr(new PrintWriter(err, true));

        int exitCode = cli.execute("--data-dir", dataDir.toString(),
                "--metastore-uri", "thrift://127.0.0.1:" + closedPort,
                "--from", "2010-12-01T08", "--to", "2010-12-01T09");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("Cannot reach the Hive metastore at thrift://"
                + "127.0.0.1:" + closedPort + ": is the stack running? On one machine, start"
                + " it with ./lambda up" + System.lineSeparator());
    }

    @Test
    void aListeningMetastoreAnswers() throws Exception {
        try (ServerSocket metastore = new ServerSocket(0)) {
            String uris = "thrift://127.0.0.1:1,thrift://127.0.0.1:" + metastore.getLocalPort();

            assertThat(BatchJob.Cli.metastoreAnswers(uris)).isTrue();
        }
    }
}
