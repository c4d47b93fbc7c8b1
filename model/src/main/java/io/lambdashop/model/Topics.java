package io.lambdashop.model;

/** Names of the Kafka topics the layers talk through. */
public final class Topics {

    /** Every transaction event, as JSON, keyed by transaction id. */
    public static final String TRANSACTIONS = "transactions";

    /** Records that could not be read as a valid event, with the reason why. */
    public static final String DEAD_LETTERS = "transactions.dlq";

    /** Speed views: the latest state of each 1-minute window, one record per update. */
    public static final String SPEED_VIEWS = "speed-views";

    private Topics() {
    }
}
