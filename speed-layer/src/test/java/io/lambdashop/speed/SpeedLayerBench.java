package io.lambdashop.speed;

import io.lambdashop.launcher.Components;
import io.lambdashop.launcher.ModuleProcess;
import io.lambdashop.model.EventJson;
import io.lambdashop.model.OnlineRetailCsv;
import io.lambdashop.model.TransactionEvent;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryListener;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: measures the speed layer on this machine. Publishes the given Online Retail
 * files as a backlog, times how fast the views query drains it, then publishes live events
 * with a probe every 500 events and times publish -> speed-views update for each probe,
 * at each rate of {@code -Dbench.rates=2000,5000} (events/s, default 2000) in turn.
 *
 * <p>Run after {@code mvn package}: {@code java <jvm.opens> -cp
 * target/test-classes:target/classes:$(cat target/classpath.txt)
 * io.lambdashop.speed.SpeedLayerBench FILE...}
 */
public final class SpeedLayerBench {

    private SpeedLayerBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("speed-bench");
        int port = Components.freePort();
        String bootstrap = "127.0.0.1:" + port;
        try (ModuleProcess kafka = Components.startKafka(dataDir, port, Components.freePort())) {
            long published = publishBacklog(bootstrap, args);
            System.out.printf("backlog: %d records published%n", published);

            SparkSession spark = SpeedLayer.createSession("local[*]", 2);
            AtomicLong viewsRows = new AtomicLong();
            AtomicLong lastBatchEndMs = new AtomicLong();
            List<String> batches = Collections.synchronizedList(new ArrayList<>());
            spark.streams().addListener(new StreamingQueryListener() {
                @Override
                public void onQueryStarted(QueryStartedEvent event) {
                }

                @Override
                public void onQueryProgress(QueryProgressEvent event) {
                    if (SpeedLayerJob.VIEWS_QUERY.equals(event.progress().name())
                            && event.progress().numInputRows() > 0) {
                        viewsRows.addAndGet(event.progress().numInputRows());
                        lastBatchEndMs.set(System.currentTimeMillis());
                        batches.add(event.progress().numInputRows() + " rows in "
                                + event.progress().batchDuration() + " ms");
                    }
                }

                @Override
                public void onQueryTerminated(QueryTerminatedEvent event) {
                }
            });
            long startMs = System.currentTimeMillis();
            SpeedLayerJob job = SpeedLayerJob.start(spark, new SpeedLayerJob.Settings(dataDir,
                    bootstrap, "10 minutes", "1 second", 200_000));
            while (viewsRows.get() < published) {
                Thread.sleep(100);
            }
            double seconds = (lastBatchEndMs.get() - startMs) / 1000.0;
            System.out.printf("backlog drained: %d records in %.1f s from query start "
                    + "(%.0f events/s), batches %s%n", published, seconds, published / seconds,
                    batches);

            // One live phase per rate, lowest first: the highest rate the delay stays flat
            // at is the rate the speed layer sustains.
            for (String rate : System.getProperty("bench.rates", "2000").split(",")) {
                measureLiveDelay(bootstrap, Integer.parseInt(rate.trim()),
                        Duration.ofSeconds(30));
            }
            job.close();
            spark.stop();
        }
    }

    private static long publishBacklog(String bootstrap, String[] files) {
        OnlineRetailCsv csv = new OnlineRetailCsv(ZoneId.of("Europe/London"));
        long count = 0;
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            for (String file : files) {
                List<OnlineRetailCsv.Line> lines = new ArrayList<>();
                csv.read(Path.of(file), lines::add);
                for (OnlineRetailCsv.Line line : lines) {
                    String key = line.result().isValid()
                            ? line.result().event().transactionId() : "line-" + line.lineNumber();
                    String value = line.result().isValid()
                            ? EventJson.toJson(line.result().event()) : line.raw();
                    producer.send(new ProducerRecord<>("transactions", key, value));
                    count++;
                }
            }
            producer.flush();
        }
        return count;
    }

    /**
     * Publishes {@code eventsPerSecond} live events, one in 500 a probe with its own country,
     * and prints the delay from a probe's send to the first speed-views record of its key.
     */
    private static void measureLiveDelay(String bootstrap, int eventsPerSecond,
            Duration duration) throws Exception {
        Map<String, Long> probeSentMs = new HashMap<>();
        List<Long> delaysMs = new ArrayList<>();
        double publishedRate;
        long probesSent;
        try (KafkaProducer<String, String> producer = producer(bootstrap);
             KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
            TopicPartition views = new TopicPartition("speed-views", 0);
            consumer.assign(List.of(views));
            consumer.seekToEnd(List.of(views));
            consumer.position(views);

            long endMs = System.currentTimeMillis() + duration.toMillis();
            long sent = 0;
            long startMs = System.currentTimeMillis();
            while (System.currentTimeMillis() < endMs) {
                long due = (System.currentTimeMillis() - startMs) * eventsPerSecond / 1000;
                for (; sent < due; sent++) {
                    // Ids and probes unique across phases: the speed layer drops an id it
                    // has seen, and a probe must be a key of its own.
                    String id = eventsPerSecond + "-" + sent;
                    boolean probe = sent % 500 == 0;
                    String country = probe ? "probe-" + id : "United Kingdom";
                    TransactionEvent event = new TransactionEvent("live-" + id, "o",
                            "u" + (sent % 1000), "p", "product", "cat", "London", country,
                            "card", 1, BigDecimal.ONE, BigDecimal.ONE, Instant.now());
                    long sentMs = System.currentTimeMillis();
                    producer.send(new ProducerRecord<>("transactions", event.transactionId(),
                            EventJson.toJson(event)));
                    if (probe) {
                        producer.flush();
                        probeSentMs.put(country, sentMs);
                    }
                }
                collectDelays(consumer, probeSentMs, delaysMs, 20);
            }
            publishedRate = sent * 1000.0 / (System.currentTimeMillis() - startMs);
            probesSent = (sent + 499) / 500;
            long drainUntil = System.currentTimeMillis() + 15_000;
            // A probe leaves probeSentMs once seen: wait for the rest.
            while (!probeSentMs.isEmpty() && System.currentTimeMillis() < drainUntil) {
                collectDelays(consumer, probeSentMs, delaysMs, 200);
            }
        }
        Collections.sort(delaysMs);
        // The rate actually published is what counts: one producer may fall short of the goal.
        System.out.printf("live at %d events/s (published %.0f events/s): %d of %d probes "
                + "seen, delay publish -> speed-views p50 %d ms, p95 %d ms, max %d ms%n",
                eventsPerSecond, publishedRate, delaysMs.size(), probesSent,
                delaysMs.get(delaysMs.size() / 2),
                delaysMs.get((int) Math.ceil(delaysMs.size() * 0.95) - 1),
                delaysMs.get(delaysMs.size() - 1));
    }

    private static void collectDelays(KafkaConsumer<String, String> consumer,
            Map<String, Long> probeSentMs, List<Long> delaysMs, long pollMs) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(pollMs))) {
            String[] key = record.key().split("\\|");
            if (key[0].equals("country") && key[1].startsWith("probe-")) {
                Long sentMs = probeSentMs.remove(key[1]);
                if (sentMs != null) {
                    delaysMs.add(record.timestamp() - sentMs);
                }
            }
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", StringSerializer.class.getName());
        config.put("linger.ms", "5");
        return new KafkaProducer<>(config);
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", StringDeserializer.class.getName());
        return new KafkaConsumer<>(config);
    }
}
