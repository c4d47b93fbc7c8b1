package io.lambdashop.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class HourCompleteTest {

    @TempDir
    Path dataDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void anHourIsCompleteOnceEventsReachItsEndPlusTheLateness() {
        // 08:00-09:00 with 10 minutes of lateness needs an event at 09:10 or later.
        archiverWroteUpTo("2010-12-01T09:10:00Z");

        assertThat(run("--hour", "2010-12-01T08")).isEqualTo(0);
        assertThat(out.toString()).contains("Hour 2010-12-01T08 is complete");
    }

    @Test
    void oneSecondShortIsNotYet() {
        archiverWroteUpTo("2010-12-01T09:09:59Z");

        assertThat(run("--hour", "2010-12-01T08")).isEqualTo(HourComplete.NOT_YET);
        assertThat(out.toString()).contains("not complete yet")
                .contains("needs 2010-12-01T09:10:00Z");
    }

    @Test
    void theLatenessIsAnOption() {
        archiverWroteUpTo("2010-12-01T09:00:00Z");

        assertThat(run("--hour", "2010-12-01T08", "--lateness", "0 minutes")).isEqualTo(0);
        assertThat(run("--hour", "2010-12-01T08", "--lateness", "1 minute"))
                .isEqualTo(HourComplete.NOT_YET);
    }

    @Test
    void anArchiverThatNeverRanMeansNotYet() {
        assertThat(run("--hour", "2010-12-01T08")).isEqualTo(HourComplete.NOT_YET);
        assertThat(out.toString()).contains("up to none yet");
    }

    @Test
    void anUnreadableStatusIsAFailureNotAWait() throws Exception {
        Files.createDirectories(dataDir.resolve("status"));
        Files.writeString(dataDir.resolve("status/archiver.json"), "{not json");

        assertThat(run("--hour", "2010-12-01T08")).isEqualTo(1);
        assertThat(err.toString()).contains("Cannot read the archiver status");
    }

    @Test
    void aHourNotOnTheHourIsAUsageError() {
        assertThat(run("--hour", "2010-12-01T08:30:00Z")).isEqualTo(2);
        assertThat(err.toString()).contains("is not on a whole hour");
    }

    private void archiverWroteUpTo(String maxEventTime) {
        new ArchiverStatus(Instant.now(), Optional.of(Instant.parse(maxEventTime)),
                Optional.empty(), 1, 0, 0, new TreeMap<>())
                .write(ArchiverStatus.file(dataDir));
    }

    private int run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dataDir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return new CommandLine(new HourComplete()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(all);
    }
}
