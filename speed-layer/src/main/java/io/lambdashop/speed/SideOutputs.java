package io.lambdashop.speed;

import io.lambdashop.model.SparkEvents;

import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.row_number;

/**
 * The per-micro-batch outputs of the speed layer that need no state: dead letters to
 * {@code transactions.dlq} and the largest amounts of each minute to {@code speed-top}.
 *
 * <p>Both come from one query (foreachBatch) so that the {@code transactions} topic is read
 * and parsed once for them rather than once each; on two cores that matters.
 */
final class SideOutputs implements VoidFunction2<Dataset<Row>, Long> {

    static final String TOP_TOPIC = "speed-top";
    static final int TOP_PER_MINUTE = 10;

    private static final Logger LOG = LoggerFactory.getLogger(SideOutputs.class);
    private static final long serialVersionUID = 1L;

    private final String bootstrap;
    private final String deadLetterTopic;
    private final transient AtomicLong deadLettersSent;
    private final transient AtomicLong lastCountedBatchId;

    /**
     * @param deadLettersSent    running total of dead letters, continued from the status file
     * @param lastCountedBatchId the last batch whose dead letters are in that total; a batch
     *                           replayed after a restart is sent again but not counted twice
     */
    SideOutputs(String bootstrap, String deadLetterTopic, AtomicLong deadLettersSent,
            AtomicLong lastCountedBatchId) {
        this.bootstrap = bootstrap;
        this.deadLetterTopic = deadLetterTopic;
        this.deadLettersSent = deadLettersSent;
        this.lastCountedBatchId = lastCountedBatchId;
    }

    @Override
    public void call(Dataset<Row> kafkaRecords, Long batchId) {
        // Parsed once, read twice (dead letters, then top amounts).
        Dataset<Row> parsed = SpeedViews.parse(kafkaRecords)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> deadLetters = SpeedViews.toDeadLetterRecords(parsed).cache();
            long deadLetterCount = deadLetters.count();
            if (deadLetterCount > 0) {
                write(deadLetters, deadLetterTopic);
                if (batchId > lastCountedBatchId.get()) {
                    deadLettersSent.addAndGet(deadLetterCount);
                }
                LOG.info("Sent {} dead letters of batch {} to {}; their reasons are in the "
                        + "records", deadLetterCount, batchId, deadLetterTopic);
            }
            deadLetters.unpersist();
            lastCountedBatchId.accumulateAndGet(batchId, Math::max);

            write(topRecords(parsed.filter(col(SparkEvents.REJECTION).isNull())), TOP_TOPIC);
        } finally {
            parsed.unpersist();
        }
    }

    /**
     * The {@value #TOP_PER_MINUTE} largest amounts of each minute among valid events, as
     * {@code speed-top} records keyed by transaction id with the event's JSON as value. A
     * transaction id appearing twice in the batch takes one place only.
     *
     * @param events parsed rows that passed validation (they keep their {@code raw} JSON)
     */
    static Dataset<Row> topRecords(Dataset<Row> events) {
        return events
                .dropDuplicates(new String[] {"transaction_id"})
                .withColumn("minute", date_trunc("minute", col("event_time")))
                .withColumn("rank", row_number().over(Window.partitionBy("minute")
                        .orderBy(col("amount").desc(), col("transaction_id"))))
                .filter(col("rank").leq(TOP_PER_MINUTE))
                .select(col("transaction_id").as("key"), col(SparkEvents.RAW).as("value"));
    }

    private void write(Dataset<Row> records, String topic) {
        records.write()
                .format("kafka")
                .option("kafka.bootstrap.servers", bootstrap)
                .option("topic", topic)
                .save();
    }
}
