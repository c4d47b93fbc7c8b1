package io.lambdashop.serving;

import org.slf4j.LoggerFactory;

import java.security.CodeSource;

/**
 * Guards against the one class clash of this module's classpath.
 *
 * <p>The {@code hive-jdbc} standalone jar bundles the classes of slf4j-api 1.7.30 unshaded
 * ({@code org.slf4j.*}). Were it ahead of slf4j-api 2.x on the classpath, SLF4J would look
 * for a 1.x binding, find none and drop every log line, or mix classes of both versions.
 * The pom therefore declares slf4j-api before hive-jdbc, which puts it first on Maven's (and
 * {@code target/classpath.txt}'s) classpath; this check says so loudly if that ever breaks.
 */
final class Classpaths {

    private Classpaths() {
    }

    /** Warns on standard error when SLF4J is loaded from the hive-jdbc jar. */
    static void checkLogging() {
        String source = slf4jSource();
        if (source.contains("hive-jdbc")) {
            System.err.println("serving-layer: org.slf4j is loaded from " + source
                    + ", the copy bundled in hive-jdbc; logging is lost. Put slf4j-api ahead"
                    + " of hive-jdbc on the classpath.");
        }
    }

    /** Where {@code org.slf4j.LoggerFactory} was loaded from. */
    static String slf4jSource() {
        CodeSource source = LoggerFactory.class.getProtectionDomain().getCodeSource();
        return source == null ? "unknown" : String.valueOf(source.getLocation());
    }
}
