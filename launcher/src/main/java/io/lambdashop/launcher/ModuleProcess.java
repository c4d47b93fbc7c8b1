package io.lambdashop.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One module of the platform running as its own JVM, with its own classpath and log.
 *
 * <p>Kafka 4, Hive 4 and Spark 4 each pin library versions the others cannot live with
 * (kafka-clients, Hadoop, Jackson), so they never share a classpath: the embedded stack and
 * the integration tests start each of them through this class instead.
 */
public final class ModuleProcess implements AutoCloseable {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String name;
    private final Process process;
    private final Path logFile;

    private ModuleProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code mainClass} of {@code module} (a folder of the repository, built with
     * {@code mvn package}), appending its output to {@code logFile}.
     *
     * @param jvmOptions extra JVM options, e.g. {@code -Xmx1g}
     */
    public static ModuleProcess start(String name, String module, String mainClass,
            List<String> jvmOptions, List<String> args, Path logFile) {
        List<String> command = new ArrayList<>();

        // In a session of its own, a component does not get the Ctrl-C meant for
        // ./lambda up, which then stops the components in order instead of all at once.
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(javaBinary());
        command.addAll(standardJvmOptions());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(Repository.classpath(module));
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .directory(Repository.root().toFile())
                    .start();
            return new ModuleProcess(name, process, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    /**
     * Runs a command-line main of {@code module} to its end and returns what it printed on
     * standard output; standard error goes to {@code errorLog}.
     *
     * @throws IllegalStateException if it exits with a non-zero code or runs out of time
     */
    public static String run(String module, String mainClass, List<String> args,
            Path errorLog, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(standardJvmOptions());
        command.add("-cp");
        command.add(Repository.classpath(module));
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(errorLog.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(errorLog.toFile()))
                    .directory(Repository.root().toFile())
                    .start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(mainClass + " ran out of time; see " + errorLog);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(mainClass + " " + args + " exited with "
                        + process.exitValue() + "; see " + errorLog + "; output:\n"
                        + new String(out, java.nio.charset.StandardCharsets.UTF_8));
            }
            return new String(out, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + mainClass, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + mainClass, e);
        }
    }

    /** The module-opening flags every Spark, Hive and Kafka JVM needs on Java 17, and UTC. */
    public static List<String> standardJvmOptions() {
        Properties properties = new Properties();
        try (InputStream in = ModuleProcess.class.getResourceAsStream("/launcher.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.asList(properties.getProperty("jvm.opens").trim().split("\\s+"));
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /**
     * Waits until {@code healthy} holds, polling every 250 ms.
     *
     * @throws IllegalStateException if the process dies or the timeout passes first; the
     *                               message points at the log to read
     */
    public void awaitHealthy(BooleanSupplier healthy, Duration timeout) {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        while (!healthy.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " before it was healthy; see " + logFile);
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException(name + " was not healthy after "
                        + timeout.toSeconds() + " s; see " + logFile);
            }
            sleep(Duration.ofMillis(250));
        }
    }

    /** Waits for the process to end by itself and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " still running after "
                        + timeout.toSeconds() + " s; see " + logFile);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + name, e);
        }
    }

    /** Asks the process to stop (SIGTERM), and kills it if it has not after the grace time. */
    public void stop(Duration grace) {
        Processes.stop(process.toHandle(), grace);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
