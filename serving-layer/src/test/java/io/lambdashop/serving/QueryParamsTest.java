package io.lambdashop.serving;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParamsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T18:20:31Z");

    @Test
    void defaultRangeIsTheLast24HoursToTheEndOfTheCurrentMinute() {
        TimeRange range = QueryParams.range(params(Map.of()), NOW);

        assertThat(range.to()).isEqualTo(Instant.parse("2026-12-03T18:21:00Z"));
        assertThat(range.from()).isEqualTo(Instant.parse("2026-12-02T18:21:00Z"));
    }

    @Test
    void givenRangeIsKept() {
        TimeRange range = QueryParams.range(params(Map.of("from", "2010-12-01T08:00:00Z",
                "to", "2010-12-01T09:00:00Z")), NOW);

        assertThat(range).isEqualTo(new TimeRange(Instant.parse("2010-12-01T08:00:00Z"),
                Instant.parse("2010-12-01T09:00:00Z")));
    }

    @Test
    void badInstantsNameTheirParameter() {
        assertBad(Map.of("from", "yesterday"), "from");
        assertBad(Map.of("to", "2010-12-01 08:00"), "to");
        assertBad(Map.of("from", "2010-12-01T09:00:00Z", "to", "2010-12-01T09:00:00Z"),
                "from");
    }

    @Test
    void grainIsMinuteOrHour() {
        assertThat(QueryParams.grain(params(Map.of()))).isEqualTo(LayerMerge.Grain.HOUR);
        assertThat(QueryParams.grain(params(Map.of("grain", "minute"))))
                .isEqualTo(LayerMerge.Grain.MINUTE);
        assertThatThrownBy(() -> QueryParams.grain(params(Map.of("grain", "week"))))
                .isInstanceOfSatisfying(QueryParams.BadParamException.class,
                        e -> assertThat(e.param()).isEqualTo("grain"));
    }

    @Test
    void limitIsBetweenOneAndAHundred() {
        assertThat(QueryParams.limit(params(Map.of()))).isEqualTo(10);
        assertThat(QueryParams.limit(params(Map.of("limit", "100")))).isEqualTo(100);
        for (String bad : new String[] {"0", "101", "ten", "-3"}) {
            assertThatThrownBy(() -> QueryParams.limit(params(Map.of("limit", bad))))
                    .isInstanceOfSatisfying(QueryParams.BadParamException.class,
                            e -> assertThat(e.param()).isEqualTo("limit"));
        }
    }

    private static void assertBad(Map<String, String> values, String param) {
        assertThatThrownBy(() -> QueryParams.range(params(values), NOW))
                .isInstanceOfSatisfying(QueryParams.BadParamException.class,
                        e -> assertThat(e.param()).isEqualTo(param));
    }

    private static Function<String, String> params(Map<String, String> values) {
        return values::get;
    }
}
