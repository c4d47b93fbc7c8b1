package io.lambdashop.batch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Operating-system file locks under {@code <data>/locks/}, one per batch hour, so that no hour
 * is ever batched by two runs at once, whichever JVM started them (the scheduler,
 * {@code ./lambda batch}). Locks are taken in hour order, so two runs over overlapping ranges
 * wait for each other instead of deadlocking. The OS releases them if the JVM dies.
 */
final class HourLocks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HourLocks.class);

    private final List<FileChannel> channels = new ArrayList<>();

    private HourLocks() {
    }

    /** Blocks until every hour's lock is held. */
    static HourLocks acquire(Path lockDir, List<Instant> hours) {
        List<String> names = new ArrayList<>();
        for (Instant hour : hours) {
            names.add(Hours.text(hour) + ".lock");
        }
        return acquireNamed(lockDir, names);
    }

    /** Blocks until the lock of that name (e.g. {@code boundary.lock}) is held. */
    static HourLocks acquireNamed(Path lockDir, List<String> names) {
        HourLocks locks = new HourLocks();
        try {
            Files.createDirectories(lockDir);
            for (String name : names) {
                locks.lock(lockDir.resolve(name));
            }
            return locks;
        } catch (IOException | RuntimeException e) {
            locks.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Cannot lock under " + lockDir, io);
            }
            throw (RuntimeException) e;
        }
    }

    private void lock(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        channels.add(channel);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            LOG.info("{} is held by another batch run; waiting for it to finish", file);
            channel.lock();
        }

        // Who holds it, for a person looking at a stuck run.
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ManagementFactory.getRuntimeMXBean().getName() + " "
                + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    }

    @Override
    public void close() {
        for (FileChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("Cannot release a batch lock", e);
            }
        }
        channels.clear();
    }
}
