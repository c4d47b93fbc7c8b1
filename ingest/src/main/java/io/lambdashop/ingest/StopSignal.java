package io.lambdashop.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or SIGTERM) ends a run cleanly: the run sees {@link #stopRequested()}, stops
 * taking new events, waits for the queued ones and prints its summary, while the JVM's
 * shutdown waits for it (at most {@code graceSeconds}).
 */
final class StopSignal {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);

    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;

    private StopSignal() {
    }

    /** A signal that a shutdown of the JVM raises. */
    static StopSignal onShutdown(long graceSeconds) {
        StopSignal signal = new StopSignal();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            signal.stopRequested = true;
            try {
                if (!signal.finished.await(graceSeconds, TimeUnit.SECONDS)) {
                    LOG.warn("Run did not finish within {} s of the stop request; events still"
                            + " queued may be lost", graceSeconds);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ingest-stop"));
        return signal;
    }

    /** A signal that is never raised, for runs driven from code. */
    static StopSignal never() {
        return new StopSignal();
    }

    boolean stopRequested() {
        return stopRequested;
    }

    /** Tells a waiting shutdown that the run has flushed and reported. */
    void finished() {
        finished.countDown();
    }
}
