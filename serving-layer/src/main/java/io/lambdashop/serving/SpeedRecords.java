package io.lambdashop.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lambdashop.model.EventJson;
import io.lambdashop.model.ParseResult;
import io.lambdashop.model.TransactionEvent;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads the records of {@code speed-views} (one view row as JSON, see ARCHITECTURE.md) and
 * {@code speed-top} (an event as JSON). Money is read as {@link BigDecimal}, never a double.
 */
public final class SpeedRecords {

    /** Reads decimals as BigDecimal and keeps their scale (123.450 stays 123.450). */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private SpeedRecords() {
    }

    /** Thrown for a record that cannot be read; the message says why, no stack trace. */
    public static final class BadRecordException extends RuntimeException {
        BadRecordException(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads one {@code speed-views} value. */
    public static ViewRow viewRow(String json) {
        JsonNode node = readObject(json);
        String dimension = text(node, "dimension");
        if (dimension == null) {
            throw new BadRecordException("missing dimension");
        }
        try {
            return new ViewRow(dimension, text(node, "key"),
                    instant(node, "window_start"),
                    money(node, "revenue"),
                    node.path("transactions").asLong(),
                    node.path("units").asLong(),
                    node.path("returns").asLong(),
                    money(node, "returned_amount"),
                    Sketches.fromBase64(text(node, "users_sketch")));
        } catch (IllegalArgumentException e) {
            throw new BadRecordException(e.getMessage());
        }
    }

    /** Reads one {@code speed-top} value, through the same validation as every producer. */
    public static TopTransaction topTransaction(String json) {
        ParseResult parsed = EventJson.parse(json);
        if (!parsed.isValid()) {
            throw new BadRecordException(parsed.rejection());
        }
        TransactionEvent event = parsed.event();
        return new TopTransaction(event.transactionId(), event.eventTime(), event.amount(),
                event.quantity(), event.productId(), event.productName(), event.category(),
                event.city(), event.country(), event.paymentMethod());
    }

    private static JsonNode readObject(String json) {
        if (json == null) {
            throw new BadRecordException("empty record");
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new BadRecordException("not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRecordException("not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            throw new BadRecordException("missing " + field);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRecordException(field + " is not an ISO-8601 instant: " + text);
        }
    }

    private static BigDecimal money(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return BigDecimal.ZERO;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        try {
            return new BigDecimal(value.asText());
        } catch (NumberFormatException e) {
            throw new BadRecordException(field + " is not a number: " + value.asText());
        }
    }
}
