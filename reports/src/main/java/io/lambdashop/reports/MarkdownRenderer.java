package io.lambdashop.reports;

import io.lambdashop.reports.ReportDocument.Block;
import io.lambdashop.reports.ReportDocument.Chart;
import io.lambdashop.reports.ReportDocument.Heading;
import io.lambdashop.reports.ReportDocument.Paragraph;
import io.lambdashop.reports.ReportDocument.Table;

import java.util.List;

/**
 * Writes a report as GitHub-flavoured Markdown. The chart is the PNG beside the file, linked
 * by its name, so the folder can be moved or served as it is.
 */
public final class MarkdownRenderer {

    private MarkdownRenderer() {
    }

    /**
     * @param chartFileName the PNG's file name, relative to the Markdown file
     */
    public static String render(ReportDocument document, String chartFileName) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(document.title()).append("\n");
        for (Block block : document.blocks()) {
            out.append("\n");
            if (block instanceof Heading heading) {
                out.append("## ").append(heading.text()).append("\n");
            } else if (block instanceof Paragraph paragraph) {
                out.append(paragraph.text()).append("\n");
            } else if (block instanceof Table table) {
                table(out, table);
            } else if (block instanceof Chart chart) {
                out.append("![").append(chart.caption()).append("](").append(chartFileName)
                        .append(")\n");
            }
        }
        return out.toString();
    }

    private static void table(StringBuilder out, Table table) {
        row(out, table.header());
        StringBuilder rule = new StringBuilder("|");
        for (boolean right : table.rightAligned()) {
            rule.append(right ? " ---: |" : " --- |");
        }
        out.append(rule).append("\n");
        for (List<String> row : table.rows()) {
            row(out, row);
        }
    }

    private static void row(StringBuilder out, List<String> cells) {
        out.append("|");
        for (String cell : cells) {
            out.append(" ").append(escaped(cell)).append(" |");
        }
        out.append("\n");
    }

    /**
     * A cell's text: a pipe would end the cell, a newline the row, and a tag from the data
     * (a product name, say) would be markup to a renderer that allows inline HTML.
     */
    static String escaped(String cell) {
        return cell.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ");
    }
}
