package io.lambdashop.launcher;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping processes politely, then firmly. */
public final class Processes {

    private Processes() {
    }

    /**
     * Sends SIGTERM to the process (its children first), waits up to {@code grace}, then
     * kills whatever is left.
     *
     * @return true if it stopped within the grace time
     */
    public static boolean stop(ProcessHandle process, Duration grace) {
        if (!process.isAlive()) {
            return true;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception timedOut) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return false;
        }
    }
}
