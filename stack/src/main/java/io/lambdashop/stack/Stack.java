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
    private volatile boolean closing;

    private Stack(StackConfig config) {
        this.config = config;
    }

    /**
     * A stack with nothing started yet: {@link #close()} can be hooked to Ctrl-C before
     * {@link #startAll(Set)}, so that an interrupted start leaves nothing running.
     */
    public static Stack create(StackConfig config) {
        return new Stack(config);
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
        stack.startAll(components);
        return stack;
    }

    /**
     * Starts {@code components} in the stack's order.
     *
     * @throws IllegalStateException if one fails to start; those already started are stopped
     */
    public void startAll(Set<Component> components) {
        try {
            for (Component component : Component.values()) {
                if (components.contains(component) && !closing) {
                    startOne(component);
                }
            }
        } catch (RuntimeException e) {
            // Not close(): closing() must keep saying whether a stop was asked for, so
            // that a failure is reported as one and not as an interrupted start.
            stopLaunched();
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
        // Known (and its pid file written) from launch on, not only once healthy: a stop
        // during a slow start must find it.
        ModuleProcess process = component.start(config, launched -> {
            synchronized (running) {
                running.add(launched);
            }
            writePid(component, launched.pid());
        });
        LOG.info("{} is healthy after {} ms (pid {})", component.id(),
                System.currentTimeMillis() - startedAtMs, process.pid());
    }

    public StackConfig config() {
        return config;
    }

    /** Whether {@link #close()} has been called: a failed start may be a stop request. */
    public boolean closing() {
        return closing;
    }

    /** The components whose process has died since they were started (none while closing). */
    public List<String> deadComponents() {
        List<String> dead = new ArrayList<>();
        synchronized (running) {
            for (ModuleProcess process : running) {
                if (!closing && !process.isAlive()) {
                    dead.add(process.name());
                }
            }
        }
        return dead;
    }

    /** Stops what this stack started, last started first. Safe to call from any thread. */
    @Override
    public void close() {
        closing = true;
        stopLaunched();
    }

    private void stopLaunched() {
        List<ModuleProcess> toStop;
        synchronized (running) {
            toStop = new ArrayList<>(running);
            running.clear();
        }
        for (int i = toStop.size() - 1; i >= 0; i--) {
            ModuleProcess process = toStop.get(i);
            LOG.info("Stopping {}", process.name());
            process.stop(STOP_GRACE);
            deletePid(process.name());
        }
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
