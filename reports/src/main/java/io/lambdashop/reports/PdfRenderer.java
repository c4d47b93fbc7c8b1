package io.lambdashop.reports;

import io.lambdashop.reports.ReportDocument.Block;
import io.lambdashop.reports.ReportDocument.Chart;
import io.lambdashop.reports.ReportDocument.Heading;
import io.lambdashop.reports.ReportDocument.Paragraph;
import io.lambdashop.reports.ReportDocument.Table;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a report as an A4 PDF with PDFBox: the same blocks as the Markdown file, tables
 * drawn as text columns, the chart embedded as an image. Text uses the standard Helvetica
 * fonts, so the file needs no font of this machine; a character they cannot encode is
 * written as {@code ?} rather than failing the report.
 */
public final class PdfRenderer {

    private static final float MARGIN = 50;
    private static final float TITLE_SIZE = 16;
    private static final float HEADING_SIZE = 12.5f;
    private static final float TEXT_SIZE = 9.5f;
    private static final float LEADING = 1.35f;
    private static final float CELL_PADDING = 6;
    private static final Color RULE = new Color(0xb0, 0xb0, 0xb0);

    private final PDDocument pdf = new PDDocument();
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private PDPageContentStream page;
    private float y;

    private PdfRenderer() {
    }

    /** The report as PDF bytes. */
    public static byte[] render(ReportDocument document) {
        PdfRenderer renderer = new PdfRenderer();
        try (PDDocument pdf = renderer.pdf) {
            PDDocumentInformation info = pdf.getDocumentInformation();
            info.setTitle(document.title());
            info.setCreator("lambda-shop reports");

            renderer.newPage();
            renderer.lines(document.title(), renderer.bold, TITLE_SIZE);
            renderer.y -= 4;
            for (Block block : document.blocks()) {
                renderer.block(block);
            }
            renderer.page.close();

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the PDF of " + document.title(), e);
        }
    }

    private void block(Block block) throws IOException {
        if (block instanceof Heading heading) {
            // A heading never ends a page: keep room for it and a few lines under it.
            needs(HEADING_SIZE * 2 + TEXT_SIZE * LEADING * 4);
            y -= HEADING_SIZE * 0.8f;
            lines(heading.text(), bold, HEADING_SIZE);
            y -= 2;
        } else if (block instanceof Paragraph paragraph) {
            lines(paragraph.text(), regular, TEXT_SIZE);
            y -= TEXT_SIZE * 0.4f;
        } else if (block instanceof Table table) {
            table(table);
            y -= TEXT_SIZE * 0.6f;
        } else if (block instanceof Chart chart) {
            chart(chart);
        }
    }

    /** Writes {@code text} wrapped to the page width. */
    private void lines(String text, PDType1Font font, float size) throws IOException {
        for (String line : wrap(safe(text, font), font, size, width)) {
            needs(size * LEADING);
            y -= size * LEADING;
            text(line, font, size, MARGIN);
        }
    }

    private void table(Table table) throws IOException {
        float[] columns = columnWidths(table);
        float rowHeight = TEXT_SIZE * LEADING + 2;

        needs(rowHeight * Math.min(4, table.rows().size() + 1));
        row(table.header(), table.rightAligned(), columns, bold);
        rule(RULE);
        for (List<String> cells : table.rows()) {
            if (y - rowHeight < MARGIN) {
                newPage();
                row(table.header(), table.rightAligned(), columns, bold);
                rule(RULE);
            }
            row(cells, table.rightAligned(), columns, regular);
        }
    }

    private void row(List<String> cells, List<Boolean> rightAligned, float[] columns,
            PDType1Font font) throws IOException {
        y -= TEXT_SIZE * LEADING + 2;
        float x = MARGIN;
        for (int i = 0; i < cells.size(); i++) {
            String cell = fit(safe(cells.get(i), font), font, columns[i] - CELL_PADDING);
            float textWidth = width(cell, font, TEXT_SIZE);
            float left = rightAligned.get(i) ? x + columns[i] - CELL_PADDING - textWidth : x;
            text(cell, font, TEXT_SIZE, left);
            x += columns[i];
        }
    }

    /**
     * Each column as wide as its widest cell, shrunk in proportion when the table would not
     * fit the page (long product names are then cut with an ellipsis).
     */
    private float[] columnWidths(Table table) throws IOException {
        int count = table.header().size();
        float[] widths = new float[count];
        List<List<String>> all = new ArrayList<>(table.rows());
        all.add(table.header());
        for (List<String> cells : all) {
            for (int i = 0; i < count; i++) {
                PDType1Font font = cells == table.header() ? bold : regular;
                widths[i] = Math.max(widths[i],
                        width(safe(cells.get(i), font), font, TEXT_SIZE) + 2 * CELL_PADDING);
            }
        }
        float total = 0;
        for (float w : widths) {
            total += w;
        }
        if (total > width) {
            for (int i = 0; i < count; i++) {
                widths[i] = widths[i] * width / total;
            }
        }
        return widths;
    }

    private void chart(Chart chart) throws IOException {
        BufferedImage image = chart.chart().image();
        float height = width * image.getHeight() / image.getWidth();
        needs(height + TEXT_SIZE * 3);
        PDImageXObject xobject = LosslessFactory.createFromImage(pdf, image);
        y -= height;
        page.drawImage(xobject, MARGIN, y, width, height);
        y -= 2;
        lines(chart.caption(), regular, TEXT_SIZE * 0.9f);
        y -= TEXT_SIZE * 0.4f;
    }

    private void rule(Color color) throws IOException {
        y -= 3;
        page.setStrokingColor(color);
        page.setLineWidth(0.5f);
        page.moveTo(MARGIN, y);
        page.lineTo(MARGIN + width, y);
        page.stroke();
    }

    private void text(String text, PDType1Font font, float size, float x) throws IOException {
        page.beginText();
        page.setFont(font, size);
        page.setNonStrokingColor(Color.BLACK);
        page.newLineAtOffset(x, y);
        page.showText(text);
        page.endText();
    }

    /** Starts a new page when less than {@code height} is left on this one. */
    private void needs(float height) throws IOException {
        if (y - height < MARGIN) {
            newPage();
        }
    }

    private void newPage() throws IOException {
        if (page != null) {
            page.close();
        }
        PDPage next = new PDPage(PDRectangle.A4);
        pdf.addPage(next);
        page = new PDPageContentStream(pdf, next);
        y = PDRectangle.A4.getHeight() - MARGIN;
    }

    private static List<String> wrap(String text, PDType1Font font, float size, float maxWidth)
            throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && width(candidate, font, size) > maxWidth) {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            } else {
                line.setLength(0);
                line.append(candidate);
            }
        }
        lines.add(line.toString());
        return lines;
    }

    /** {@code text}, cut with "..." to fit {@code maxWidth}. */
    private static String fit(String text, PDType1Font font, float maxWidth) throws IOException {
        if (width(text, font, TEXT_SIZE) <= maxWidth) {
            return text;
        }
        String cut = text;
        while (!cut.isEmpty() && width(cut + "...", font, TEXT_SIZE) > maxWidth) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "...";
    }

    private static float width(String text, PDType1Font font, float size) throws IOException {
        return font.getStringWidth(text) / 1000 * size;
    }

    /** The text with every character the font cannot encode replaced by {@code ?}. */
    static String safe(String text, PDType1Font font) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            String character = new String(Character.toChars(codePoint));
            out.append(encodable(character, font) ? character : "?");
        });
        return out.toString();
    }

    private static boolean encodable(String character, PDType1Font font) {
        try {
            font.encode(character);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
