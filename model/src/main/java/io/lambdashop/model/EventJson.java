package io.lambdashop.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The JSON form of a {@link TransactionEvent}, and the one place that decides whether a
 * record is a valid event. The speed layer, the archiver and the producers all go through
 * here, so a record is valid for one layer exactly when it is valid for the other.
 *
 * <p>Field names are snake case, as in Parquet and Hive. Money travels as JSON numbers and is
 * read as {@link BigDecimal}, so no amount ever passes through a double.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final int MAX_TEXT_LENGTH = 256;

    private EventJson() {
    }

    /** Writes an event as one line of JSON. */
    public static String toJson(TransactionEvent event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("transaction_id", event.transactionId());
        node.put("order_id", event.orderId());
        node.put("user_id", event.userId());
        node.put("product_id", event.productId());
        node.put("product_name", event.productName());
        node.put("category", event.category());
        node.put("city", event.city());
        node.put("country", event.country());
        node.put("payment_method", event.paymentMethod());
        node.put("quantity", event.quantity());
        node.put("unit_price", event.unitPrice());
        node.put("amount", event.amount());
        node.put("event_time", event.eventTime().toString());
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one record; never throws on bad input, it says why instead. */
    public static ParseResult parse(String json) {
        if (json == null || json.isBlank()) {
            return ParseResult.rejected("empty record");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return ParseResult.rejected("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            return ParseResult.rejected("not a JSON object");
        }
        try {
            return ParseResult.valid(read(node));
        } catch (InvalidEventException e) {
            return ParseResult.rejected(e.getMessage());
        }
    }

    private static TransactionEvent read(JsonNode node) {
        String transactionId = requiredText(node, "transaction_id");
        String orderId = optionalText(node, "order_id");
        String userId = optionalText(node, "user_id");
        String productId = optionalText(node, "product_id");
        String productName = optionalText(node, "product_name");
        String category = optionalText(node, "category");
        String city = optionalText(node, "city");
        String country = optionalText(node, "country");
        String paymentMethod = optionalText(node, "payment_method");

        int quantity = requiredQuantity(node);
        BigDecimal unitPrice = requiredMoney(node, "unit_price");
        BigDecimal amount = requiredMoney(node, "amount");
        BigDecimal expected = unitPrice.multiply(BigDecimal.valueOf(quantity));
        if (amount.compareTo(expected) != 0) {
            throw new InvalidEventException("amount " + amount.toPlainString()
                    + " is not quantity x unit_price = " + expected.toPlainString());
        }

        Instant eventTime = requiredInstant(node, "event_time");
        return new TransactionEvent(transactionId, orderId, userId, productId, productName,
                category, city, country, paymentMethod, quantity, unitPrice, amount, eventTime);
    }

    private static String requiredText(JsonNode node, String field) {
        String value = optionalText(node, field);
        if (value == null) {
            throw new InvalidEventException("missing " + field);
        }
        return value;
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidEventException(field + " is not a string");
        }
        String text = value.asText();
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidEventException(field + " is longer than " + MAX_TEXT_LENGTH);
        }
        return text.isBlank() ? null : text;
    }

    private static int requiredQuantity(JsonNode node) {
        JsonNode value = node.get("quantity");
        if (value == null || value.isNull()) {
            throw new InvalidEventException("missing quantity");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidEventException("quantity is not a whole number: " + value);
        }
        if (value.intValue() == 0) {
            throw new InvalidEventException("quantity is zero");
        }
        return value.intValue();
    }

    private static BigDecimal requiredMoney(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidEventException("missing " + field);
        }
        BigDecimal money;
        if (value.isNumber()) {
            money = value.decimalValue();
        } else if (value.isTextual()) {
            try {
                money = new BigDecimal(value.asText());
            } catch (NumberFormatException e) {
                throw new InvalidEventException(field + " is not a number: " + value.asText());
            }
        } else {
            throw new InvalidEventException(field + " is not a number");
        }
        if (money.stripTrailingZeros().scale() > TransactionEvent.MONEY_SCALE) {
            throw new InvalidEventException(field + " has more than "
                    + TransactionEvent.MONEY_SCALE + " decimal places: " + money.toPlainString());
        }
        if (money.abs().compareTo(Money.MAX_ABS) > 0) {
            throw new InvalidEventException(field + " is out of range: " + money.toPlainString());
        }
        return money;
    }

    private static Instant requiredInstant(JsonNode node, String field) {
        String text = requiredText(node, field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(field + " is not an ISO-8601 UTC instant: " + text);
        }
    }

    private static final class InvalidEventException extends RuntimeException {
        InvalidEventException(String message) {
            super(message, null, false, false);
        }
    }
}
