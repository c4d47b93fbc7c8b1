package io.lambdashop.stack;

import io.lambdashop.launcher.Repository;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks a daily report of the real data against one day's CSV file: the figures in the
 * Markdown file and in the PDF's extracted text are the day's totals computed from the CSV
 * (by {@link RetailTotals}, and here for returns and products), written the way a person
 * reads them; the PDF's pages, drawn to images under {@code stack/target/report-pages},
 * carry the chart.
 */
final class ReportChecks {

    /** The report charts' batch-view bar colour, #1f5f99. */
    private static final int BAR_RED = 0x1f;
    private static final int BAR_GREEN = 0x5f;
    private static final int BAR_BLUE = 0x99;

    private ReportChecks() {
    }

    /** The totals of one day's file. */
    record DayTotals(long lines, BigDecimal revenue, Map<String, BigDecimal> revenueByCountry,
            Map<String, BigDecimal> revenueByStockCode, long returnLines,
            BigDecimal returnedAmount) {

        static DayTotals of(Path csvGz) throws IOException {
            RetailTotals totals = RetailTotals.of(List.of(csvGz));
            long returnLines = 0;
            BigDecimal returned = BigDecimal.ZERO;
            Map<String, BigDecimal> byStockCode = new TreeMap<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(csvGz)), StandardCharsets.UTF_8))) {
                reader.readLine();
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    List<String> cells = RetailTotals.split(line);
                    BigDecimal amount = new BigDecimal(cells.get(3))
                            .multiply(new BigDecimal(cells.get(5)));
                    byStockCode.merge(cells.get(1), amount, BigDecimal::add);
                    if (amount.signum() < 0) {
                        returnLines++;
                        returned = returned.subtract(amount);
                    }
                }
            }
            return new DayTotals(totals.lines(), totals.revenue(), totals.revenueByCountry(),
                    byStockCode, returnLines, returned);
        }

        String topCountry() {
            return largest(revenueByCountry);
        }

        String topStockCode() {
            return largest(revenueByStockCode);
        }

        private static String largest(Map<String, BigDecimal> revenueByKey) {
            return revenueByKey.entrySet().stream().max(Map.Entry.comparingByValue())
                    .orElseThrow().getKey();
        }
    }

    /** Asserts the daily report {@code day} under {@code dataDir} shows the CSV's totals. */
    static void assertDailyReport(Path dataDir, String day, Path csvGz) throws IOException {
        DayTotals expected = DayTotals.of(csvGz);
        Path folder = dataDir.resolve("reports/daily");
        String revenue = people(expected.revenue());
        String transactions = String.format(Locale.US, "%,d", expected.lines());
        String topCountry = expected.topCountry();
        String topCountryRevenue = people(expected.revenueByCountry().get(topCountry));
        String topStockCode = expected.topStockCode();
        String topProductRevenue = people(expected.revenueByStockCode().get(topStockCode));
        // The product's name is whichever description the data gives it most: not checked.
        Pattern topProductRow = Pattern.compile("\\| 1 \\| [^|]+ \\| " + Pattern.quote(
                topStockCode) + " \\| " + Pattern.quote(topProductRevenue) + " \\|");

        String markdown = Files.readString(folder.resolve(day + ".md"));
        assertThat(markdown).contains("| Revenue | " + revenue + " |");
        assertThat(markdown).contains("| Transactions | " + transactions + " |");
        assertThat(markdown).contains("| 1 | " + topCountry + " | " + topCountryRevenue + " |");
        assertThat(markdown).containsPattern(topProductRow);
        assertThat(markdown).contains("| Returned lines | " + expected.returnLines() + " |");
        assertThat(markdown).contains("| Returned amount | "
                + people(expected.returnedAmount()) + " |");
        assertThat(markdown).contains("| Period answered by batch views | 100.0 % (24 h 0 min) |");
        assertThat(markdown).contains("](" + day + ".png)");
        assertThat(blueBarPixels(ImageIO.read(folder.resolve(day + ".png").toFile())))
                .as("bars in the chart beside the Markdown file").isGreaterThan(2000);

        try (PDDocument pdf = Loader.loadPDF(folder.resolve(day + ".pdf").toFile())) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("Revenue " + revenue + " ");
            assertThat(text).contains("Transactions " + transactions + " ");
            assertThat(text).contains("1 " + topCountry + " " + topCountryRevenue + " ");
            assertThat(text).containsPattern(Pattern.compile("\n1 .+ " + Pattern.quote(
                    topStockCode + " " + topProductRevenue + " ")));
            assertThat(text).contains("Returned lines " + expected.returnLines());
            assertThat(text).contains("Period answered by batch views 100.0 %");

            Path pages = Files.createDirectories(
                    Repository.root().resolve("stack/target/report-pages"));
            PDFRenderer renderer = new PDFRenderer(pdf);
            long barPixels = 0;
            for (int page = 0; page < pdf.getNumberOfPages(); page++) {
                BufferedImage image = renderer.renderImageWithDPI(page, 100);
                ImageIO.write(image, "png",
                        pages.resolve(day + "-page-" + (page + 1) + ".png").toFile());
                barPixels += blueBarPixels(image);
            }
            // Text is black and rules grey: these pixels can only be the chart's bars.
            assertThat(barPixels).as("bars in the PDF's chart, see " + pages).isGreaterThan(1000);
        }
    }

    /** An amount as the reports write it, formatted here by java.util.Formatter instead. */
    static String people(BigDecimal amount) {
        int decimals = Math.max(2, amount.stripTrailingZeros().scale());
        return String.format(Locale.US, "%,." + decimals + "f", amount);
    }

    private static long blueBarPixels(BufferedImage image) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 0xff) - BAR_RED) < 24
                        && Math.abs(((rgb >> 8) & 0xff) - BAR_GREEN) < 24
                        && Math.abs((rgb & 0xff) - BAR_BLUE) < 24) {
                    count++;
                }
            }
        }
        return count;
    }
}
