package io.lambdashop.ingest;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends records to Kafka without waiting for each one, and makes sure none is lost silently.
 *
 * <p>Sends are asynchronous for throughput; the first failed delivery is remembered and
 * turns the next {@link #send} or the final {@link #flush} into an {@link IngestException}.
 * Every wait on Kafka is bounded by the delivery timeout, so a broker that is down ends the
 * run with a message instead of a hang.
 */
final class KafkaPublisher implements AutoCloseable {

    /** Default bound on how long a record may wait for Kafka, including metadata. */
    static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrap;
    private final Duration deliveryTimeout;
    private final KafkaProducer<String, String> producer;
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    KafkaPublisher(String bootstrap, Duration deliveryTimeout) {
        this.bootstrap = bootstrap;
        this.deliveryTimeout = deliveryTimeout;
        this.producer = new KafkaProducer<>(producerProperties(bootstrap, deliveryTimeout),
                new StringSerializer(), new StringSerializer());
    }

    /**
     * Durable (acks from all in-sync replicas, idempotent so a retry never duplicates) and
     * batched for throughput: lz4, up to 20 ms of lingering, 256 KB batches.
     */
    static Properties producerProperties(String bootstrap, Duration deliveryTimeout) {
        long deliveryMs = deliveryTimeout.toMillis();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));

        // Kafka requires delivery >= linger + request timeout; a third of the budget per
        // request leaves room for retries.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(deliveryMs));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                Long.toString(Math.max(1000, deliveryMs / 3)));
        // send() blocks while it has no metadata, e.g. when the broker is down.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(deliveryMs));
        return props;
    }

    /**
     * Queues one record.
     *
     * @throws IngestException if an earlier record could not be delivered
     */
    void send(String topic, String key, String value) {
        failIfAnySendFailed();
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, exception) -> {
            if (exception != null) {
                firstFailure.compareAndSet(null, exception);
            }
        });
    }

    /**
     * Waits until every queued record is acknowledged or has failed.
     *
     * @throws IngestException if any record could not be delivered
     */
    void flush() {
        producer.flush();
        failIfAnySendFailed();
    }

    private void failIfAnySendFailed() {
        Exception failure = firstFailure.get();
        if (failure != null) {
            throw new IngestException("Kafka at " + bootstrap + " did not take the events"
                    + " within " + deliveryTimeout.toSeconds() + " s (" + failure.getMessage()
                    + "); is the broker running and do the topics exist?", failure);
        }
    }

    @Override
    public void close() {
        // After a failure, queued records cannot be delivered either: do not wait for them.
        producer.close(firstFailure.get() == null ? deliveryTimeout : Duration.ZERO);
    }
}
