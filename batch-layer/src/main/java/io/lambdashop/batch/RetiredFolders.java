package io.lambdashop.batch;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * Partition folders a batch run has replaced, kept a while before they are deleted.
 *
 * <p>A run writes each hour to a folder of its own and then points the Hive partition at
 * it. A query that started before the switch still reads the old folder's files; deleting
 * them at once would fail it halfway ("File does not exist"). So the old folders are listed
 * in {@code <views>/_batch/retired/<run id>.txt} and deleted by a later run, once the list
 * is older than the grace period.
 */
final class RetiredFolders {

    private static final Logger LOG = LoggerFactory.getLogger(RetiredFolders.class);

    /** Longer than any query on the batch views is expected to run. */
    static final Duration GRACE = Duration.ofMinutes(10);

    private final Path folder;
    private final Configuration conf;

    RetiredFolders(String viewsUri, Configuration conf) {
        this.folder = new Path(viewsUri, "_batch/retired");
        this.conf = conf;
    }

    /** Records that {@code runId} replaced {@code folders}. */
    void retire(String runId, Collection<String> folders) {
        if (folders.isEmpty()) {
            return;
        }
        try {
            FileSystem fs = folder.getFileSystem(conf);
            fs.mkdirs(folder);
            try (FSDataOutputStream out = fs.create(new Path(folder, runId + ".txt"), true)) {
                out.write((String.join("\n", folders) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record the replaced folders in " + folder, e);
        }
    }

    /** Deletes the folders retired more than {@link #GRACE} before {@code now}. */
    void sweep(Instant now) {
        try {
            FileSystem fs = folder.getFileSystem(conf);
            if (!fs.exists(folder)) {
                return;
            }
            for (FileStatus list : fs.listStatus(folder)) {
                Instant retiredAt = Instant.ofEpochMilli(list.getModificationTime());
                if (retiredAt.plus(GRACE).isBefore(now)) {
                    deleteListed(list.getPath());
                }
            }
        } catch (IOException e) {
            // Old folders only take space; the next run tries again.
            LOG.warn("Cannot delete replaced partition folders listed in {}: {}", folder,
                    e.toString());
        }
    }

    private void deleteListed(Path list) throws IOException {
        FileSystem fs = list.getFileSystem(conf);
        String text;
        try (var in = fs.open(list)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Path replaced = new Path(URI.create(line.strip()));
            FileSystem owner = replaced.getFileSystem(conf);
            owner.delete(replaced, true);
            deleteEmptyParents(owner, replaced.getParent(), 2);
        }
        fs.delete(list, false);
        LOG.info("Deleted the partition folders replaced by run {}",
                list.getName().replace(".txt", ""));
    }

    /** Removes the day folder and the run folder a deleted hour leaves empty. */
    private static void deleteEmptyParents(FileSystem fs, Path parent, int levels)
            throws IOException {
        for (int i = 0; i < levels && parent != null; i++, parent = parent.getParent()) {
            FileStatus[] children = fs.exists(parent) ? fs.listStatus(parent) : null;
            boolean onlyMarker = children != null && children.length == 1
                    && children[0].getPath().getName().equals("_SUCCESS");
            if (children == null || (children.length > 0 && !onlyMarker)) {
                return;
            }
            fs.delete(parent, true);
        }
    }
}
