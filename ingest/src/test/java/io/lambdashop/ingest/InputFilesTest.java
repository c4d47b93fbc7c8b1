package io.lambdashop.ingest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputFilesTest {

    @TempDir
    Path dir;

    private Path a;
    private Path b;
    private Path c;
    private Path nested;

    @BeforeEach
    void files() throws IOException {
        // Created out of name order, to see that the expansion sorts.
        c = touch("2010-12-03.csv.gz");
        a = touch("2010-12-01.csv.gz");
        b = touch("2010-12-02.csv");
        touch("README.md");
        Files.createDirectories(dir.resolve("more"));
        nested = touch("more/2011-01-04.csv.gz");
    }

    @Test
    void folderGivesItsCsvFilesByName() {
        assertThat(InputFiles.expand(List.of(dir.toString()))).containsExactly(a, b, c);
    }

    @Test
    void globGivesTheMatchingFilesByName() {
        assertThat(InputFiles.expand(List.of(dir + "/2010-12-0*.csv.gz")))
                .containsExactly(a, c);
        assertThat(InputFiles.expand(List.of(dir + "/2010-12-0[12].*")))
                .containsExactly(a, b);
        assertThat(InputFiles.expand(List.of(dir + "/*/*.csv.gz"))).containsExactly(nested);
        assertThat(InputFiles.expand(List.of(dir + "/**.csv.gz")))
                .containsExactly(a, c, nested);
    }

    @Test
    void argumentsKeepTheirOrderAndFilesAreReadOnce() {
        assertThat(InputFiles.expand(List.of(c.toString(), dir.toString())))
                .containsExactly(c, a, b);
    }

    @Test
    void aFileIsTakenAsItIs() {
        assertThat(InputFiles.expand(List.of(b.toString()))).containsExactly(b);
    }

    @Test
    void nothingToReadIsAnError() {
        assertThatThrownBy(() -> InputFiles.expand(List.of(dir + "/missing.csv")))
                .isInstanceOf(IngestException.class)
                .hasMessageContaining("No such file or folder");
        assertThatThrownBy(() -> InputFiles.expand(List.of(dir + "/2009-*.csv.gz")))
                .isInstanceOf(IngestException.class)
                .hasMessageContaining("No .csv or .csv.gz file matches");
        assertThatThrownBy(() -> InputFiles.expand(List.of(dir.resolve("more/x") + "/*.csv")))
                .isInstanceOf(IngestException.class)
                .hasMessageContaining("No such folder");
    }

    private Path touch(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "");
    }
}
