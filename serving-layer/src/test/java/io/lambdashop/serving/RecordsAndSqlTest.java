package io.lambdashop.serving;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the speed topics, Hive's text forms, and the classpath guard. */
class RecordsAndSqlTest {

    @Test
    void speedViewRowIsReadExactly() {
        HllSketch users = new HllSketch(12, TgtHllType.HLL_8);
        users.update("17850");
        users.update("13047");
        String json = "{\"dimension\": \"country\", \"key\": \"United Kingdom\","
                + " \"window_start\": \"2010-12-01T08:26:00Z\","
                + " \"window_end\": \"2010-12-01T08:27:00Z\", \"revenue\": 123.450,"
                + " \"transactions\": 5, \"units\": 30, \"returns\": 1,"
                + " \"returned_amount\": 0.100, \"users_sketch\": \""
                + Sketches.toBase64(users) + "\", \"updated_at\": \"2026-12-03T18:00:01Z\"}";

        ViewRow row = SpeedRecords.viewRow(json);

        assertThat(row.dimension()).isEqualTo("country");
        assertThat(row.key()).isEqualTo("United Kingdom");
        assertThat(row.windowStart()).isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
        assertThat(row.revenue()).isEqualTo(new BigDecimal("123.450"));
        assertThat(row.returnedAmount()).isEqualTo(new BigDecimal("0.100"));
        assertThat(row.transactions()).isEqualTo(5);
        assertThat(row.units()).isEqualTo(30);
        assertThat(Math.round(row.usersSketch().getEstimate())).isEqualTo(2);
    }

    @Test
    void sketchWrappedAt76CharactersReadsTheSame() {
        HllSketch users = new HllSketch(12, TgtHllType.HLL_8);
        for (int i = 0; i < 300; i++) {
            users.update(i);
        }
        String base64 = Sketches.toBase64(users);
        String wrapped = base64.replaceAll("(.{76})", "$1\r\n");

        assertThat(Sketches.fromBase64(wrapped).getEstimate()).isEqualTo(users.getEstimate());
    }

    @Test
    void unreadableSpeedRecordsSayWhy() {
        assertThatThrownBy(() -> SpeedRecords.viewRow("not json"))
                .isInstanceOf(SpeedRecords.BadRecordException.class)
                .hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> SpeedRecords.viewRow("{\"dimension\": \"all\"}"))
                .hasMessage("missing window_start");
        assertThatThrownBy(() -> SpeedRecords.topTransaction("{\"transaction_id\": \"t\"}"))
                .isInstanceOf(SpeedRecords.BadRecordException.class);
    }

    @Test
    void hiveTimestampsAreTakenAsUtc() {
        assertThat(HiveClient.utcInstant("2010-12-01 08:26:00"))
                .isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
        assertThat(HiveClient.utcInstant("2010-12-01 08:26:00.0"))
                .isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
    }

    @Test
    void partitionPredicateNamesOnlyTheHoursOfTheRange() {
        assertThat(HiveClient.partitionPredicate(new TimeRange(
                Instant.parse("2010-12-01T08:15:00Z"), Instant.parse("2010-12-01T10:00:00Z"))))
                .isEqualTo("dt = '2010-12-01' AND hr BETWEEN 8 AND 9");
        assertThat(HiveClient.partitionPredicate(new TimeRange(
                Instant.parse("2010-12-01T22:00:00Z"), Instant.parse("2010-12-03T01:30:00Z"))))
                .isEqualTo("(dt = '2010-12-01' AND hr >= 22)"
                        + " OR (dt > '2010-12-01' AND dt < '2010-12-03')"
                        + " OR (dt = '2010-12-03' AND hr <= 1)");
    }

    @Test
    void slf4jIsBoundToLog4jDespiteTheCopyInHiveJdbc() {
        assertThat(Classpaths.slf4jSource()).doesNotContain("hive-jdbc");
        assertThat(LoggerFactory.getILoggerFactory().getClass().getName())
                .containsIgnoringCase("log4j");
    }
}
