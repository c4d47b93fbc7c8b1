package io.lambdashop.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns the paths given to {@code replay} into the list of files to read, in order.
 *
 * <p>Each argument is a file (taken as it is), a folder (its {@code .csv} and {@code .csv.gz}
 * files, not its subfolders, sorted by name) or a glob pattern such as
 * {@code data/2010-12-0*.csv.gz} that reached us unexpanded: quoted, or from a shell or a
 * scheduler that does not expand globs. Arguments keep their order, so
 * {@code replay a.csv b.csv} replays a before b; a file named twice is read once.
 */
final class InputFiles {

    private static final String GLOB_CHARACTERS = "*?[{";

    private InputFiles() {
    }

    /**
     * @throws IngestException if an argument names nothing that exists, or a folder or
     *                         pattern yields no CSV file
     */
    static List<Path> expand(List<String> arguments) {
        Set<Path> files = new LinkedHashSet<>();
        for (String argument : arguments) {
            files.addAll(expandOne(argument));
        }
        return new ArrayList<>(files);
    }

    /** Whether {@code name} is a file the replay reads when it walks a folder or a glob. */
    static boolean isCsv(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".csv") || name.endsWith(".csv.gz");
    }

    private static List<Path> expandOne(String argument) {
        if (isGlob(argument)) {
            return expandGlob(argument);
        }

        Path path = Path.of(argument);
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (Files.isDirectory(path)) {
            List<Path> files = list(path, 1, file -> true);
            if (files.isEmpty()) {
                throw new IngestException("Folder " + argument
                        + " holds no .csv or .csv.gz file");
            }
            return files;
        }
        throw new IngestException("No such file or folder: " + argument);
    }

    static boolean isGlob(String argument) {
        return argument.chars().anyMatch(c -> GLOB_CHARACTERS.indexOf(c) >= 0);
    }

    /**
     * Walks from the deepest folder of the pattern that has no glob character in its name,
     * no deeper than the pattern reaches (unless it holds {@code **}).
     */
    private static List<Path> expandGlob(String pattern) {
        String[] segments = pattern.split("/", -1);
        int firstGlob = 0;
        while (!isGlob(segments[firstGlob])) {
            firstGlob++;
        }

        String baseText = String.join("/", List.of(segments).subList(0, firstGlob));
        if (baseText.isEmpty()) {
            baseText = pattern.startsWith("/") ? "/" : ".";
        }
        Path base = Path.of(baseText);
        String remainder = String.join("/",
                List.of(segments).subList(firstGlob, segments.length));
        int maxDepth = remainder.contains("**") ? Integer.MAX_VALUE
                : segments.length - firstGlob;

        if (!Files.isDirectory(base)) {
            throw new IngestException("No such folder: " + base + " (in pattern " + pattern + ")");
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + remainder);
        List<Path> files = list(base, maxDepth, file -> matcher.matches(base.relativize(file)));
        if (files.isEmpty()) {
            throw new IngestException("No .csv or .csv.gz file matches " + pattern);
        }
        return files;
    }

    /** CSV files under {@code base} accepted by {@code filter}, sorted by relative path. */
    private static List<Path> list(Path base, int maxDepth,
            java.util.function.Predicate<Path> filter) {
        try (Stream<Path> walk = Files.walk(base, maxDepth)) {
            return walk.filter(Files::isRegularFile)
                    .filter(InputFiles::isCsv)
                    .filter(filter)
                    .sorted(Comparator.comparing(file -> base.relativize(file).toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + base, e);
        }
    }
}
