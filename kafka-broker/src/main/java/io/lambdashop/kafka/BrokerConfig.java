package io.lambdashop.kafka;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The settings of the single-node Kafka of the embedded stack: one JVM that is both the KRaft
 * controller and the broker, listening on the loopback interface only.
 *
 * <p>Everything is sized for one node: every internal topic has replication factor 1 and a
 * single in-sync replica, or the broker would wait forever for replicas that never come.
 */
final class BrokerConfig {

    /** The node id of the only node; also its id in the controller quorum. */
    static final int NODE_ID = 1;

    private BrokerConfig() {
    }

    /**
     * @param logDir         where partitions and the metadata log live
     * @param port           the client (PLAINTEXT) listener
     * @param controllerPort the KRaft controller listener
     */
    static Properties properties(Path logDir, int port, int controllerPort) {
        Properties props = new Properties();

        // Combined mode: this node is the whole quorum and the whole cluster.
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port
                + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir.toAbsolutePath().toString());

        // One node: internal topics cannot have more than one replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");

        // Consumers of tests and of the stack join alone: no reason to wait for others.
        props.put("group.initial.rebalance.delay.ms", "0");

        // Topics are created explicitly with their partition counts; a typo in a client
        // should fail, not create a stray one-partition topic.
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "1");
        return props;
    }
}
