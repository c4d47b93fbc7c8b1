package io.lambdashop.reports;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a period's figures from the serving layer's REST API. Amounts are read as exact
 * decimals: a JSON number never passes through a double on its way into a report.
 */
public final class ServingClient {

    /** How many products, and how many of the largest transactions, a report lists. */
    static final int TOP_LIMIT = 10;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final URI servingUrl;
    private final HttpClient http;
    private final Clock clock;

    /** @param servingUrl the serving layer's base URL, e.g. {@code http://127.0.0.1:8080} */
    public ServingClient(URI servingUrl, Clock clock) {
        String text = servingUrl.toString();
        this.servingUrl = URI.create(text.endsWith("/") ? text : text + "/");
        // HTTP/1.1: the serving layer speaks it, and asking for an HTTP/2 upgrade on every
        // call only costs time.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.clock = clock;
    }

    /** Everything a report of {@code period} shows. */
    public ReportData fetch(Period period) throws IOException {
        Period before = period.previous();
        String chartGrain = period.kind() == Period.Kind.DAILY ? "hour" : "minute";
        return new ReportData(period,
                totals(period),
                totals(before),
                keys("api/categories", period),
                keys("api/countries", period),
                keys("api/payments", period),
                products(period),
                top(period),
                buckets(period, chartGrain),
                health(),
                clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    /** The {@code /api/stats} answer of {@code period}. */
    public ReportData.Totals totals(Period period) throws IOException {
        JsonNode stats = get("api/stats", period, "");
        JsonNode sources = stats.path("sources");
        return new ReportData.Totals(
                moneyOrZero(stats, "revenue"),
                stats.path("transactions").asLong(),
                stats.path("units").asLong(),
                optionalLong(stats, "unique_users"),
                money(stats, "average_amount"),
                stats.path("returns").asLong(),
                moneyOrZero(stats, "returned_amount"),
                optionalInstant(stats, "boundary"),
                stats.path("batch_version").isTextual()
                        ? stats.get("batch_version").asText() : null,
                sources.path("batch_minutes").asLong(),
                sources.path("speed_minutes").asLong());
    }

    /** The batch boundary and version the serving layer is answering with now. */
    public BatchState batchState() throws IOException {
        JsonNode batch = get("api/health", null, "").path("batch");
        return new BatchState(optionalInstant(batch, "boundary"),
                batch.path("version").isTextual() ? batch.get("version").asText() : null);
    }

    /** The batch views in service: every minute before {@code boundary} is final. */
    public record BatchState(Instant boundary, String version) {
    }

    private List<ReportData.KeyFigures> keys(String path, Period period) throws IOException {
        List<ReportData.KeyFigures> keys = new ArrayList<>();
        for (JsonNode item : get(path, period, "").path("items")) {
            keys.add(new ReportData.KeyFigures(item.path("key").asText(),
                    money(item, "revenue"), item.path("transactions").asLong(),
                    item.path("units").asLong()));
        }
        return keys;
    }

    private ReportData.Products products(Period period) throws IOException {
        List<ReportData.ProductFigures> products = new ArrayList<>();
        JsonNode answer = requireBatchSide(
                get("api/products", period, "&limit=" + TOP_LIMIT), "products", period);
        for (JsonNode item : answer.path("items")) {
            products.add(new ReportData.ProductFigures(optionalText(item, "product_id"),
                    optionalText(item, "product_name"), money(item, "revenue"),
                    item.path("transactions").asLong(), item.path("units").asLong()));
        }
        // "none": no minute of the period lies after the boundary, so no speed-side guess.
        boolean exact = "none".equals(answer.path("speed_side").asText());
        return new ReportData.Products(products, exact);
    }

    private List<ReportData.TopTransaction> top(Period period) throws IOException {
        List<ReportData.TopTransaction> top = new ArrayList<>();
        JsonNode answer = requireBatchSide(
                get("api/transactions/top", period, "&limit=" + TOP_LIMIT),
                "largest transactions", period);
        for (JsonNode item : answer.path("transactions")) {
            top.add(new ReportData.TopTransaction(item.path("transaction_id").asText(),
                    optionalInstant(item, "event_time"), money(item, "amount"),
                    item.path("quantity").asLong(), optionalText(item, "product_name"),
                    optionalText(item, "country")));
        }
        return top;
    }

    /**
     * {@code answer}, unless the serving layer gave it without its batch side (Hive did not
     * answer). Such a list would look complete and be wrong, and a scheduled report is not
     * rendered again for the same batch version: better no report than that one.
     */
    private static JsonNode requireBatchSide(JsonNode answer, String what, Period period)
            throws IOException {
        if (!answer.path("batch_available").asBoolean(true)) {
            throw new IOException("the serving layer answered the " + what + " of the "
                    + period.title() + " without its batch views (Hive did not answer);"
                    + " no report written, try again once Hive is back");
        }
        return answer;
    }

    private List<ReportData.Bucket> buckets(Period period, String grain) throws IOException {
        List<ReportData.Bucket> buckets = new ArrayList<>();
        for (JsonNode item : get("api/timeseries", period, "&grain=" + grain).path("buckets")) {
            buckets.add(new ReportData.Bucket(Instant.parse(item.path("start").asText()),
                    money(item, "revenue"), item.path("transactions").asLong(),
                    item.path("source").asText()));
        }
        return buckets;
    }

    private ReportData.Health health() throws IOException {
        JsonNode health = get("api/health", null, "");
        return new ReportData.Health(optionalLong(health, "late_events_dropped"),
                optionalLong(health, "dead_letters"));
    }

    private JsonNode get(String path, Period period, String extraQuery) throws IOException {
        String query = period == null ? ""
                : "?from=" + period.start() + "&to=" + period.end() + extraQuery;
        URI uri = servingUrl.resolve(path + query);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + uri, e);
        } catch (IOException e) {
            throw new IOException("cannot reach the serving layer at " + uri + ": " + e, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("the serving layer answered " + response.statusCode()
                    + " to " + uri + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static BigDecimal money(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.decimalValue() : null;
    }

    private static BigDecimal moneyOrZero(JsonNode node, String field) {
        BigDecimal amount = money(node, field);
        return amount == null ? BigDecimal.ZERO : amount;
    }

    private static Long optionalLong(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.longValue() : null;
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static Instant optionalInstant(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? Instant.parse(value.asText()) : null;
    }
}
