package io.lambdashop.serving;

import java.util.List;

/** Where the rows of one layer's views are read from, for the merge. */
@FunctionalInterface
public interface ViewSource {

    /** A source with no rows: the batch side before the first batch run, or Hive down. */
    ViewSource EMPTY = (dimension, range) -> List.of();

    /**
     * The rows of {@code dimension} whose window starts in {@code range}. A source may return
     * more; the merge keeps only the rows in the range it asked for.
     */
    List<ViewRow> rows(String dimension, TimeRange range);
}
