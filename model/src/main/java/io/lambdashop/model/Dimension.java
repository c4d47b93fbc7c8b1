package io.lambdashop.model;

import java.util.Locale;

/**
 * A way to break the figures down. Each dimension is a column of the event, and both layers
 * keep one view per dimension under the same name.
 */
public enum Dimension {
    CATEGORY("category"),
    CITY("city"),
    COUNTRY("country"),
    PAYMENT_METHOD("payment_method"),
    PRODUCT("product_id");

    private final String column;

    Dimension(String column) {
        this.column = column;
    }

    /** The event column (snake case, as in JSON, Parquet and Hive) that holds the key. */
    public String column() {
        return column;
    }

    /** The short name used in view and table names, e.g. {@code payment_method}. */
    public String viewName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a view name back into a dimension. */
    public static Dimension ofViewName(String viewName) {
        for (Dimension dimension : values()) {
            if (dimension.viewName().equals(viewName)) {
                return dimension;
            }
        }
        throw new IllegalArgumentException("Unknown dimension: " + viewName);
    }
}
