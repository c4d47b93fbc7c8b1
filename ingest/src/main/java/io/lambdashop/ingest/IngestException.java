package io.lambdashop.ingest;

/**
 * A failure a person can fix (Kafka unreachable, no input file), reported as one line and
 * exit code 1 rather than as a stack trace.
 */
final class IngestException extends RuntimeException {

    IngestException(String message) {
        super(message);
    }

    IngestException(String message, Throwable cause) {
        super(message, cause);
    }
}
