package io.lambdashop.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository is, and the runtime classpath of each of its modules. */
public final class Repository {

    private Repository() {
    }

    /**
     * The repository root: {@code -Dlambda.home} if set, else the nearest folder above the
     * working directory that holds {@code launcher/pom.xml}.
     */
    public static Path root() {
        String home = System.getProperty("lambda.home");
        if (home != null) {
            return Path.of(home).toAbsolutePath();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("launcher/pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("Cannot find the repository root above " + dir
                + "; set -Dlambda.home");
    }

    /**
     * The classpath a module runs with: its classes and the jars listed in its
     * {@code target/classpath.txt}.
     *
     * @throws IllegalStateException if the module has not been built
     */
    public static String classpath(String module) {
        Path target = root().resolve(module).resolve("target");
        Path listing = target.resolve("classpath.txt");
        if (!Files.isRegularFile(listing)) {
            throw new IllegalStateException("Module " + module + " is not built (no " + listing
                    + "); run: mvn -DskipTests package");
        }
        try {
            String jars = Files.readString(listing).trim();
            return target.resolve("classes") + (jars.isEmpty() ? "" : java.io.File.pathSeparator
                    + jars);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
