package io.lambdashop.model;

import java.util.Objects;

/**
 * What reading one record gave: a valid event, or the reason it is not one.
 * Exactly one of {@link #event()} and {@link #rejection()} is non-null.
 */
public record ParseResult(TransactionEvent event, String rejection) {

    public static ParseResult valid(TransactionEvent event) {
        return new ParseResult(Objects.requireNonNull(event), null);
    }

    public static ParseResult rejected(String reason) {
        return new ParseResult(null, Objects.requireNonNull(reason));
    }

    public boolean isValid() {
        return event != null;
    }
}
