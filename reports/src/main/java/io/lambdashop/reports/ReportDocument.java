package io.lambdashop.reports;

import java.util.List;

/**
 * A report as a list of blocks, written once by {@link ReportContent} and drawn by both
 * {@link MarkdownRenderer} and {@link PdfRenderer}: the two files cannot say different
 * things.
 */
public record ReportDocument(String title, List<Block> blocks) {

    /** One part of the report, in reading order. */
    public sealed interface Block permits Heading, Paragraph, Table, Chart {
    }

    /** A section title. */
    public record Heading(String text) implements Block {
    }

    /** A line of prose. */
    public record Paragraph(String text) implements Block {
    }

    /**
     * A table; {@code rightAligned[i]} says whether column i holds figures.
     */
    public record Table(List<String> header, List<List<String>> rows, List<Boolean> rightAligned)
            implements Block {

        public Table {
            for (List<String> row : rows) {
                if (row.size() != header.size()) {
                    throw new IllegalArgumentException("row " + row + " has " + row.size()
                            + " cells for " + header.size() + " columns");
                }
            }
        }
    }

    /** The revenue chart, drawn from the same buckets in both files. */
    public record Chart(String caption, RevenueChart chart) implements Block {
    }
}
