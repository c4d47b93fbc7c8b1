package io.lambdashop.serving;

import io.lambdashop.model.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads {@code speed-views} and {@code speed-top} from the beginning into {@link SpeedViews},
 * on its own thread. No consumer group: the topics are compacted, so reading them whole on
 * every start rebuilds the latest state of every window, and nothing needs committing.
 *
 * <p>Every refresh interval it also checks that the broker answers, picks up topics created
 * after the start, counts the dead letters, and drops windows the batch views now cover.
 */
public final class SpeedViewConsumer implements AutoCloseable {

    /** Speed-layer candidates for the top transactions (see ARCHITECTURE.md). */
    public static final String SPEED_TOP = "speed-top";

    private static final Logger LOG = LoggerFactory.getLogger(SpeedViewConsumer.class);

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(3);

    /** Speed windows are kept this long before the boundary, for queries near the edge. */
    private static final Duration KEEP_BEFORE_BOUNDARY = Duration.ofHours(1);

    private final KafkaConsumer<String, String> consumer;
    private final SpeedViews views;
    private final Supplier<Instant> boundary;
    private final Duration checkInterval;
    private final Thread thread;
    private final Set<String> assignedTopics = new HashSet<>();

    private volatile Runnable onUpdate = () -> { };
    private volatile boolean running = true;
    private volatile boolean kafkaReachable;
    private boolean checkedOnce;
    private volatile String kafkaError = "not checked yet";
    private volatile long deadLetters;
    private volatile long badRecords;

    /**
     * @param boundary the current batch boundary, null when there is none
     */
    public SpeedViewConsumer(String bootstrap, SpeedViews views, Supplier<Instant> boundary,
            Duration checkInterval) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "serving-layer");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        this.consumer = new KafkaConsumer<>(config);
        this.views = views;
        this.boundary = boundary;
        this.checkInterval = checkInterval;
        this.thread = new Thread(this::run, "speed-view-consumer");
        this.thread.setDaemon(true);
    }

    /**
     * Runs {@code listener} (on the consumer thread) after each poll that changed the speed
     * views, and when the count of dead letters changes. It must return quickly.
     */
    public void onUpdate(Runnable listener) {
        this.onUpdate = listener;
    }

    /** Starts reading. */
    public void start() {
        thread.start();
    }

    /** Whether the broker answered the last metadata request. */
    public boolean kafkaReachable() {
        return kafkaReachable;
    }

    /** Why the broker is not reachable, or null when it is. */
    public String kafkaError() {
        return kafkaError;
    }

    /** Records in {@code transactions.dlq}: the sum of its partitions' end offsets. */
    public long deadLetters() {
        return deadLetters;
    }

    /** Speed records that could not be read and were skipped. */
    public long badRecords() {
        return badRecords;
    }

    private void run() {
        Instant nextCheck = Instant.MIN;
        try {
            while (running) {
                if (!Instant.now().isBefore(nextCheck)) {
                    checkBroker();
                    dropCoveredWindows();
                    nextCheck = Instant.now().plus(checkInterval);
                }
                if (assignedTopics.isEmpty()) {
                    sleep(POLL);
                    continue;
                }
                ConsumerRecords<String, String> records = consumer.poll(POLL);
                for (ConsumerRecord<String, String> record : records) {
                    apply(record);
                }
                if (!records.isEmpty()) {
                    onUpdate.run();
                }
            }
        } catch (WakeupException e) {
            // close() woke us up to stop.
        } catch (RuntimeException e) {
            LOG.error("Speed view consumer stopped; the speed views will not update any more",
                    e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void apply(ConsumerRecord<String, String> record) {
        try {
            if (SPEED_TOP.equals(record.topic())) {
                views.putTop(SpeedRecords.topTransaction(record.value()));
            } else {
                views.put(SpeedRecords.viewRow(record.value()));
            }
        } catch (SpeedRecords.BadRecordException e) {
            badRecords++;
            // One line per bad record would flood the log if the speed layer went wrong.
            if (badRecords <= 10 || badRecords % 1000 == 0) {
                LOG.warn("Skipped unreadable record {} of {} at offset {} ({} so far): {}",
                        record.key(), record.topic(), record.offset(), badRecords,
                        e.getMessage());
            }
        }
    }

    private void checkBroker() {
        Map<String, List<PartitionInfo>> topics;
        try {
            topics = consumer.listTopics(METADATA_TIMEOUT);
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            if (kafkaReachable || !checkedOnce) {
                LOG.warn("Kafka is not reachable, speed views stay as they are: {}",
                        e.toString());
            }
            kafkaReachable = false;
            kafkaError = e.toString();
            checkedOnce = true;
            return;
        }
        if (!kafkaReachable) {
            LOG.info("Kafka is reachable");
        }
        kafkaReachable = true;
        kafkaError = null;
        checkedOnce = true;

        assignNewTopics(topics);
        countDeadLetters(topics.get(Topics.DEAD_LETTERS));
    }

    private void assignNewTopics(Map<String, List<PartitionInfo>> topics) {
        // NOTE: assign() replaces the whole assignment, so only the new partitions are
        // rewound; the ones already read keep their position.
        List<TopicPartition> added = new ArrayList<>();
        for (String topic : List.of(Topics.SPEED_VIEWS, SPEED_TOP)) {
            if (assignedTopics.contains(topic) || !topics.containsKey(topic)) {
                continue;
            }
            for (PartitionInfo partition : topics.get(topic)) {
                added.add(new TopicPartition(topic, partition.partition()));
            }
            assignedTopics.add(topic);
            LOG.info("Reading {} from the beginning", topic);
        }
        if (added.isEmpty()) {
            return;
        }
        List<TopicPartition> all = new ArrayList<>(consumer.assignment());
        all.addAll(added);
        consumer.assign(all);
        consumer.seekToBeginning(added);
    }

    private void countDeadLetters(List<PartitionInfo> partitions) {
        if (partitions == null) {
            deadLetters = 0;
            return;
        }
        List<TopicPartition> dlq = new ArrayList<>();
        for (PartitionInfo partition : partitions) {
            dlq.add(new TopicPartition(partition.topic(), partition.partition()));
        }
        try {
            long counted = consumer.endOffsets(dlq, METADATA_TIMEOUT).values().stream()
                    .mapToLong(Long::longValue).sum();
            if (counted != deadLetters) {
                deadLetters = counted;
                onUpdate.run();
            }
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("Could not count the dead letters in {}: {}", Topics.DEAD_LETTERS,
                    e.toString());
        }
    }

    private void dropCoveredWindows() {
        Instant batchBoundary = boundary.get();
        if (batchBoundary == null) {
            return;
        }
        int dropped = views.dropBefore(batchBoundary.minus(KEEP_BEFORE_BOUNDARY));
        if (dropped > 0) {
            LOG.debug("Dropped {} speed windows the batch views cover", dropped);
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
