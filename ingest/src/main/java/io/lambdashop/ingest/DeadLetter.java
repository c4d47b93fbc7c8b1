package io.lambdashop.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;

/**
 * The {@code transactions.dlq} record for an input line that could not become an event: why,
 * the line itself, and where it came from, so that a person can find and fix it.
 */
final class DeadLetter {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The value of {@code source}: which part of the platform rejected the record. */
    static final String SOURCE_REPLAY = "replay";

    private DeadLetter() {
    }

    /** {@code {"reason", "raw", "source": "replay", "file", "line"}} as one line of JSON. */
    static String forReplayLine(String reason, String raw, String file, long lineNumber) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("reason", reason);
        node.put("raw", raw);
        node.put("source", SOURCE_REPLAY);
        node.put("file", file);
        node.put("line", lineNumber);
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
