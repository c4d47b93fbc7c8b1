package io.lambdashop.stack;

import io.lambdashop.launcher.ModuleProcess;
import io.lambdashop.launcher.Processes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded stack: every component started in order, each as its own JVM with its own
 * log, and stopped in reverse order. Pid files under {@code <data>/run} let another
 * shell ({@code ./lambda down}, {@code ./lambda status}) find the processes.
 */
public final class Stack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Stack.class);

    /** Spark jobs finish their micro-batch and commit their checkpoint in this time. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final StackConfig config;
    private final List<ModuleProcess> running = new ArrayList<>();

    private Stack(StackConfig config) {
        this.config = config;
    }

    /**
     * Starts every component that is not already running, waiting for each to be healthy
     * before the next one, since each needs the ones before it.
     *
     * @throws IllegalStateException if one fails to start; those already started are stopped
     */
    public static Stack start(StackConfig config) {
        return start(config, EnumSet.allOf(Component.class));
    }

    /** Starts only {@code components}, in the stack's order: for tests that need a part. */
    public static Stack start(StackConfig config, Set<Component> components) {
        Stack stack = new Stack(config);
        try {
            for (Component component : Component.values()) {
                if (components.contains(component)) {
                    stack.startOne(component);
                }
            }
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startOne(Component component) {
        Optional<ProcessHandle> existing = runningProcess(config, component);
        if (existing.isPresent()) {
            throw new IllegalStateException(component.id() + " is already running (pid "
                    + existing.get().pid() + "); stop it with ./lambda down");
        }

        long startedAtMs = System.currentTimeMillis();
        LOG.info("Starting {} (log: {})", component.id(), config.logFile(component.id()));
        ModuleProcess process = component.start(config);
        running.add(process);
        writePid(component, process.pid());
        LOG.info("{} is healthy after {} ms (pid {})", component.id(),
                System.currentTimeMillis() - startedAtMs, process.pid());
    }

    public StackConfig config() {
        return config;
    }

    /** The components whose process has died since they were started. */
    public List<String> deadComponents() {
        List<String> dead = new ArrayList<>();
        for (ModuleProcess process : running) {
            if (!process.isAlive()) {
                dead.add(process.name());
            }
        }
        return dead;
    }

    /** Stops what this stack started, last started first. */
    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            ModuleProcess process = running.get(i);
            LOG.info("Stopping {}", process.name());
            process.stop(STOP_GRACE);
            deletePid(process.name());
        }
        running.clear();
    }

    /**
     * Stops the components of a stack started elsewhere (by pid file), last first.
     *
     * @return how many processes were stopped
     */
    public static int stopRunning(StackConfig config) {
        int stopped = 0;
        List<Component> reversed = new ArrayList<>(List.of(Component.values()));
        java.util.Collections.reverse(reversed);
        for (Component component : reversed) {
            Optional<ProcessHandle> process = runningProcess(config, component);
            if (process.isPresent()) {
                LOG.info("Stopping {} (pid {})", component.id(), process.get().pid());
                if (!Processes.stop(process.get(), STOP_GRACE)) {
                    LOG.warn("{} did not stop within {} s and was killed", component.id(),
                            STOP_GRACE.toSeconds());
                }
                stopped++;
            }
            deleteQuietly(config.pidFile(component.id()));
        }
        return stopped;
    }

    /** The live process recorded in the component's pid file, if any. */
    static Optional<ProcessHandle> runningProcess(StackConfig config, Component component) {
        Path pidFile = config.pidFile(component.id());
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(handle -> handle.info().command().map(c -> c.contains("java"))
                            .orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void writePid(Component component, long pid) {
        Path pidFile = config.pidFile(component.id());
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, pid + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + pidFile, e);
        }
    }

    private void deletePid(String componentId) {
        deleteQuietly(config.pidFile(componentId));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", file, e.getMessage());
        }
    }
}
