package io.lambdashop.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topics the layers talk through, with the partition counts and cleanup
 * policies of the architecture contract, when they do not exist yet.
 */
final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    private static final long TIMEOUT_SECONDS = 60;

    /** One topic of the contract. */
    record TopicSpec(String name, int partitions, boolean compacted) {

        NewTopic toNewTopic() {
            NewTopic topic = new NewTopic(name, partitions, (short) 1);
            if (compacted) {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            return topic;
        }
    }

    /**
     * The topics of ARCHITECTURE.md: events (3 partitions, keyed by transaction id, so a
     * transaction's duplicates meet in one partition), dead letters, and the two
     * compacted topics where only the latest speed view row per key matters.
     */
    static final List<TopicSpec> TOPICS = List.of(
            new TopicSpec("transactions", 3, false),
            new TopicSpec("transactions.dlq", 1, false),
            new TopicSpec("speed-views", 1, true),
            new TopicSpec("speed-top", 1, true));

    private TopicSetup() {
    }

    /** Creates the missing topics of {@link #TOPICS} on the broker at {@code bootstrap}. */
    static void ensureTopics(String bootstrap) throws InterruptedException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-broker-topic-setup");
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : TOPICS) {
                if (existing.contains(spec.name())) {
                    checkPartitions(admin, spec);
                } else {
                    missing.add(spec.toNewTopic());
                }
            }
            if (missing.isEmpty()) {
                LOG.info("All {} topics exist already", TOPICS.size());
                return;
            }

            create(admin, missing);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot set up the topics on " + bootstrap, e);
        }
    }

    private static void create(Admin admin, List<NewTopic> missing)
            throws InterruptedException, TimeoutException, ExecutionException {
        Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            try {
                result.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                LOG.info("Created topic {}", result.getKey());
            } catch (ExecutionException e) {
                // Another process may have created it between our listing and now.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    /** An existing topic is kept as it is; a person should know if it differs. */
    private static void checkPartitions(Admin admin, TopicSpec spec)
            throws InterruptedException, TimeoutException, ExecutionException {
        TopicDescription description = admin.describeTopics(List.of(spec.name()))
                .allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(spec.name());
        int partitions = description.partitions().size();
        if (partitions != spec.partitions()) {
            LOG.warn("Topic {} has {} partitions where {} are expected; delete it (with the"
                    + " data dir's kafka folder) to recreate it", spec.name(), partitions,
                    spec.partitions());
        }
    }
}
