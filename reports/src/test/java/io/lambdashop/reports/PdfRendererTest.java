package io.lambdashop.reports;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PdfRendererTest {

    @Test
    void thePdfSaysWhatTheMarkdownSays() throws Exception {
        byte[] pdf = PdfRenderer.render(ReportContent.build(Fixtures.completeDay()));

        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(document.getDocumentInformation().getTitle())
                    .isEqualTo("lambda-shop report: day 2010-12-01 (UTC)");
            assertThat(text).contains("Revenue 1,250.50 1,000.40 +25.0 %");
            assertThat(text).contains("Transactions 4 5 -20.0 %");
            assertThat(text).contains("Average amount 312.62 200.08 +56.2 %");
            assertThat(text).contains("Gross sales (before returns) 1,270.50");
            assertThat(text).contains("1 United Kingdom 1,000.00 80.0 % 3 20");
            assertThat(text).contains("Period answered by batch views 100.0 % (24 h 0 min)");
        }
    }

    @Test
    void theChartIsDrawnOnThePage() throws Exception {
        byte[] pdf = PdfRenderer.render(ReportContent.build(Fixtures.completeDay()));

        try (PDDocument document = Loader.loadPDF(pdf)) {
            BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 72);
            // Text is black and rules grey: blue pixels can only be the chart's bars.
            assertThat(ChartPixels.batchBlue(page)).isGreaterThan(200);
        }
    }

    @Test
    void barsStandWhereTheRevenueIs() {
        BufferedImage chart = new RevenueChart(Fixtures.DAY, Fixtures.completeDay().chart())
                .image();

        // Two hours with sales: two bars, the 08:00 one four times the height of the 12:00.
        List<Integer> columns = ChartPixels.barHeightsByColumn(chart);
        assertThat(columns).hasSize(2);
        double ratio = (double) columns.get(0) / columns.get(1);
        assertThat(ratio).isBetween(3.8, 4.2);
    }

    @Test
    void charactersHelveticaCannotWriteBecomeQuestionMarks() throws Exception {
        ReportData data = Fixtures.completeDay();
        List<ReportData.TopTransaction> top = new ArrayList<>(data.top());
        top.add(new ReportData.TopTransaction("1-1", Instant.parse("2010-12-01T09:00:00Z"),
                BigDecimal.TEN, 1, "CAFÉ \u4e2d MUG", "France"));
        ReportData odd = new ReportData(data.period(), data.current(), data.previous(),
                data.categories(), data.countries(), data.payments(), data.products(), top,
                data.chart(),
                data.health(), data.generatedAt());

        try (PDDocument document = Loader.loadPDF(PdfRenderer.render(
                ReportContent.build(odd)))) {
            assertThat(new PDFTextStripper().getText(document)).contains("CAFÉ ? MUG");
        }
    }
}
