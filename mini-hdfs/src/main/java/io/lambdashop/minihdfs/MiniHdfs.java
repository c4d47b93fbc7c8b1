package io.lambdashop.minihdfs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * A real HDFS of one namenode and one datanode, in this JVM, for integration tests that
 * keep the master dataset and the batch views on {@code hdfs://}.
 *
 * <p>It writes {@code <data-dir>/hdfs/ready} holding the file system URI once the datanode
 * has registered, and stops both nodes on SIGTERM.
 */
@Command(name = "mini-hdfs", mixinStandardHelpOptions = true,
        description = "Runs a one-node HDFS (MiniDFSCluster) on 127.0.0.1.")
public final class MiniHdfs implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "./data",
            description = "Blocks and metadata go to <data-dir>/hdfs (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--port", required = true,
            description = "The namenode's RPC port on 127.0.0.1.")
    private int port;

    public static void main(String[] args) {
        int exitCode = new CommandLine(new MiniHdfs()).execute(args);
        // A clean stop comes from SIGTERM while the JVM shuts down; exit only on failure.
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    @Override
    public Integer call() throws Exception {
        Path hdfsDir = dataDir.toAbsolutePath().resolve("hdfs");
        Path ready = hdfsDir.resolve("ready");
        Files.createDirectories(hdfsDir);
        Files.deleteIfExists(ready);

        Configuration conf = new HdfsConfiguration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, hdfsDir.resolve("nodes").toString());
        // Clients on this machine reach the datanode by its loopback address.
        conf.setBoolean("dfs.client.use.datanode.hostname", false);
        conf.set("dfs.datanode.hostname", "127.0.0.1");

        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf)
                .nameNodePort(port)
                .numDataNodes(1)
                .build();
        cluster.waitActive();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.shutdown();
            stopped.countDown();
        }, "mini-hdfs-stop"));

        String uri = "hdfs://127.0.0.1:" + port;
        Files.writeString(ready, uri + "\n");
        System.out.println("HDFS ready at " + uri + ", storage " + hdfsDir);

        stopped.await();
        return 0;
    }
}
