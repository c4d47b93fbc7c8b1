package io.lambdashop.serving;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StatusFilesTest {

    private static final Instant NOW = Instant.parse("2026-12-03T20:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void aStatusFileNotRewrittenFor31SecondsMarksItsJobStale() throws IOException {
        writeStatus("speed-layer", NOW.minusSeconds(31));
        writeStatus("archiver", NOW.minusSeconds(29));

        assertThat(StatusFiles.staleJobs(dataDir, NOW)).singleElement().asString()
                .startsWith("speed-layer has not reported for 31 s");
    }

    @Test
    void aJobWithoutStatusFileIsNotReported() {
        assertThat(StatusFiles.staleJobs(dataDir, NOW)).isEmpty();
    }

    private void writeStatus(String job, Instant written) throws IOException {
        Path file = dataDir.resolve("status").resolve(job + ".json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{}");
        Files.setLastModifiedTime(file, FileTime.from(written));
    }
}
