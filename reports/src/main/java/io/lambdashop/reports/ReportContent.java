package io.lambdashop.reports;

import io.lambdashop.reports.ReportDocument.Block;
import io.lambdashop.reports.ReportDocument.Chart;
import io.lambdashop.reports.ReportDocument.Heading;
import io.lambdashop.reports.ReportDocument.Paragraph;
import io.lambdashop.reports.ReportDocument.Table;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a report says, in what order: headline figures against the previous period, returns,
 * the revenue chart, the top keys of each dimension, the top products, the largest
 * transactions, and how complete the data was. Both file formats are drawn from the one
 * document built here.
 */
public final class ReportContent {

    /** Keys listed per dimension; the rest are counted in one line. */
    static final int TOP_KEYS = 10;

    private ReportContent() {
    }

    public static ReportDocument build(ReportData data) {
        Period period = data.period();
        List<Block> blocks = new ArrayList<>();

        blocks.add(new Paragraph("Generated " + data.generatedAt() + " from the serving"
                + " layer's merged views: batch views before the batch boundary, speed views"
                + " after it. Amounts are net of returns unless said otherwise."));
        if (!data.complete()) {
            blocks.add(new Paragraph("PROVISIONAL: batch views answer only "
                    + Figures.share(data.batchCovered().toMinutes(),
                            period.kind().length().toMinutes())
                    + " of this " + unit(period) + "; the rest comes from speed views and may"
                    + " still change."));
        }

        blocks.add(new Heading("Headline figures"));
        blocks.add(headline(data));

        blocks.add(new Heading("Returns"));
        blocks.add(returns(data.current()));

        RevenueChart chart = new RevenueChart(period, data.chart());
        blocks.add(new Heading(chart.title()));
        blocks.add(new Chart(chart.title() + " of the " + period.title()
                + ", by the layer that answered it", chart));

        addKeys(blocks, "Top countries", "country", data.countries(), data.current());
        addKeys(blocks, "Top categories", "category", data.categories(), data.current());
        addKeys(blocks, "Payment methods", "payment method", data.payments(), data.current());

        blocks.add(new Heading("Top products"));
        addProducts(blocks, data.products(), data.current(), unit(period));

        blocks.add(new Heading("Largest transactions"));
        blocks.add(topTransactions(data.top()));

        blocks.add(new Heading("Data completeness"));
        blocks.add(completeness(data));
        blocks.add(new Paragraph("Late events and invalid records are counted since the speed"
                + " layer and the serving layer started, not per " + unit(period) + ". A late"
                + " event dropped by the speed layer is still in the master dataset and in"
                + " these batch figures."));

        return new ReportDocument("lambda-shop report: " + period.title(), blocks);
    }

    private static Table headline(ReportData data) {
        ReportData.Totals now = data.current();
        ReportData.Totals before = data.previous();
        String unit = unit(data.period());
        List<List<String>> rows = List.of(
                List.of("Revenue", Figures.money(now.revenue()), Figures.money(before.revenue()),
                        Figures.change(now.revenue(), before.revenue())),
                List.of("Transactions", Figures.count(now.transactions()),
                        Figures.count(before.transactions()),
                        Figures.change(now.transactions(), before.transactions())),
                List.of("Unique users", Figures.count(now.uniqueUsers()),
                        Figures.count(before.uniqueUsers()),
                        Figures.change(now.uniqueUsers(), before.uniqueUsers())),
                List.of("Average amount", Figures.money(now.averageAmount()),
                        Figures.money(before.averageAmount()),
                        Figures.change(now.averageAmount(), before.averageAmount())));
        return new Table(List.of("Figure", "This " + unit, "Previous " + unit, "Change"), rows,
                List.of(false, true, true, true));
    }

    private static Table returns(ReportData.Totals now) {
        List<List<String>> rows = List.of(
                List.of("Returned lines", Figures.count(now.returns())),
                List.of("Returned amount", Figures.money(now.returnedAmount())),
                List.of("Gross sales (before returns)", Figures.money(now.grossSales())),
                List.of("Net revenue", Figures.money(now.revenue())));
        return new Table(List.of("Figure", "Value"), rows, List.of(false, true));
    }

    private static void addKeys(List<Block> blocks, String title, String dimension,
            List<ReportData.KeyFigures> keys, ReportData.Totals total) {
        blocks.add(new Heading(title));
        if (keys.isEmpty()) {
            blocks.add(new Paragraph("No transaction of this period carries a " + dimension
                    + " (the Online Retail data, for one, has none)."));
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(TOP_KEYS, keys.size()); i++) {
            ReportData.KeyFigures key = keys.get(i);
            rows.add(List.of(Integer.toString(i + 1), key.key(), Figures.money(key.revenue()),
                    percentOf(key.revenue(), total.revenue()),
                    Figures.count(key.transactions()), Figures.count(key.units())));
        }
        blocks.add(new Table(List.of("#", capitalized(dimension), "Revenue", "Share",
                "Transactions", "Units"), rows, List.of(true, false, true, true, true, true)));
        if (keys.size() > TOP_KEYS) {
            blocks.add(new Paragraph("And " + (keys.size() - TOP_KEYS) + " more, not listed."));
        }
    }

    private static void addProducts(List<Block> blocks, ReportData.Products products,
            ReportData.Totals total, String unit) {
        if (products.top().isEmpty()) {
            blocks.add(new Paragraph("No product sold in this " + unit + "."));
            return;
        }
        if (!products.exact()) {
            blocks.add(new Paragraph("Part of this " + unit + " is answered by speed views,"
                    + " which keep only the largest transactions of each minute: there the"
                    + " ranking counts those only, and a product's figures are a lower bound."));
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < products.top().size(); i++) {
            ReportData.ProductFigures product = products.top().get(i);
            rows.add(List.of(Integer.toString(i + 1), orDash(product.productName()),
                    orDash(product.productId()), Figures.money(product.revenue()),
                    percentOf(product.revenue(), total.revenue()),
                    Figures.count(product.transactions()), Figures.count(product.units())));
        }
        blocks.add(new Table(List.of("#", "Product", "Stock code", "Revenue", "Share",
                "Transactions", "Units"), rows,
                List.of(true, false, false, true, true, true, true)));
    }

    private static Table topTransactions(List<ReportData.TopTransaction> top) {
        List<List<String>> rows = new ArrayList<>();
        for (ReportData.TopTransaction t : top) {
            rows.add(List.of(t.eventTime() == null ? "" : t.eventTime().toString()
                            .substring(11, 16),
                    orDash(t.productName()), orDash(t.country()), Figures.count(t.quantity()),
                    Figures.money(t.amount()), t.transactionId()));
        }
        return new Table(List.of("Time (UTC)", "Product", "Country", "Quantity", "Amount",
                "Transaction"), rows, List.of(false, false, false, true, true, false));
    }

    private static Table completeness(ReportData data) {
        ReportData.Totals now = data.current();
        long periodMinutes = data.period().kind().length().toMinutes();
        long batchMinutes = data.batchCovered().toMinutes();
        List<List<String>> rows = List.of(
                List.of("Batch boundary", now.boundary() == null ? "none (no batch run yet)"
                        : now.boundary().toString()),
                List.of("Batch views version", orDash(now.batchVersion())),
                List.of("Period answered by batch views", Figures.share(batchMinutes,
                        periodMinutes) + " (" + hoursAndMinutes(batchMinutes) + ")"),
                List.of("Period answered by speed views", Figures.share(
                        periodMinutes - batchMinutes, periodMinutes) + " ("
                        + hoursAndMinutes(periodMinutes - batchMinutes) + ")"),
                List.of("Minutes with sales, batch views", Figures.count(now.batchMinutes())),
                List.of("Minutes with sales, speed views", Figures.count(now.speedMinutes())),
                List.of("Late events dropped by the speed layer",
                        Figures.count(data.health().lateEventsDropped())),
                List.of("Invalid records (dead letters)",
                        Figures.count(data.health().deadLetters())));
        return new Table(List.of("Item", "Value"), rows, List.of(false, true));
    }

    /** {@code part} as a share of {@code whole}, one decimal; n/a when whole is not positive. */
    static String percentOf(BigDecimal part, BigDecimal whole) {
        if (whole == null || whole.signum() <= 0) {
            return "n/a";
        }
        return part.multiply(BigDecimal.valueOf(100)).divide(whole, 1, RoundingMode.HALF_EVEN)
                .toPlainString() + " %";
    }

    private static String hoursAndMinutes(long minutes) {
        Duration duration = Duration.ofMinutes(minutes);
        return duration.toHours() + " h " + duration.toMinutesPart() + " min";
    }

    private static String unit(Period period) {
        return period.kind() == Period.Kind.DAILY ? "day" : "hour";
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String orDash(String text) {
        return text == null || text.isBlank() ? "-" : text;
    }
}
