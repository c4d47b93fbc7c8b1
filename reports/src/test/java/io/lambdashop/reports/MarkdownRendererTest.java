package io.lambdashop.reports;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownRendererTest {

    private static String markdown(ReportData data) {
        return MarkdownRenderer.render(ReportContent.build(data), "2010-12-01.png");
    }

    @Test
    void headlineFiguresComeWithThePreviousDayAndTheChange() {
        String text = markdown(Fixtures.completeDay());

        assertThat(text).startsWith("# lambda-shop report: day 2010-12-01 (UTC)\n");
        assertThat(text).contains("| Figure | This day | Previous day | Change |");
        // 250.10 more than 1,000.40: +25.0 %.
        assertThat(text).contains("| Revenue | 1,250.50 | 1,000.40 | +25.0 % |");
        assertThat(text).contains("| Transactions | 4 | 5 | -20.0 % |");
        assertThat(text).contains("| Unique users | 3 | 4 | -25.0 % |");
        // (312.62 - 200.08) / 200.08 = 56.247 %.
        assertThat(text).contains("| Average amount | 312.62 | 200.08 | +56.2 % |");
        assertThat(text).doesNotContain("PROVISIONAL");
    }

    @Test
    void returnsShowGrossAndNet() {
        String text = markdown(Fixtures.completeDay());

        assertThat(text).contains("| Returned lines | 1 |");
        assertThat(text).contains("| Returned amount | 20.00 |");
        assertThat(text).contains("| Gross sales (before returns) | 1,270.50 |");
        assertThat(text).contains("| Net revenue | 1,250.50 |");
    }

    @Test
    void dimensionsListTheirKeysWithTheirShareOfRevenue() {
        String text = markdown(Fixtures.completeDay());

        // 1000 / 1250.5 = 79.97 %, 250.5 / 1250.5 = 20.03 %.
        assertThat(text).contains("| 1 | United Kingdom | 1,000.00 | 80.0 % | 3 | 20 |");
        assertThat(text).contains("| 2 | France | 250.50 | 20.0 % | 1 | 10 |");
        assertThat(text).contains("No transaction of this period carries a category");
        assertThat(text).contains("No transaction of this period carries a payment method");
    }

    @Test
    void topProductsComeWithTheirShareOfRevenue() {
        String text = markdown(Fixtures.completeDay());

        // 600 / 1250.5 = 47.98 %; 400 / 1250.5 = 31.99 %; a product without a name shows "-".
        assertThat(text).contains("| # | Product | Stock code | Revenue | Share |");
        assertThat(text).contains(
                "| 1 | WHITE HANGING HEART T-LIGHT HOLDER | 85123A | 600.00 | 48.0 % | 2 | 24 |");
        assertThat(text).contains("| 2 | - | 22752 | 400.00 | 32.0 % | 1 | 6 |");
        assertThat(text).doesNotContain("lower bound");
    }

    @Test
    void productsPartlyFromSpeedViewsSayTheyAreALowerBound() {
        ReportData data = Fixtures.completeDay();
        ReportData partly = new ReportData(data.period(), data.current(), data.previous(),
                data.categories(), data.countries(), data.payments(), Fixtures.products(false),
                data.top(), data.chart(), data.health(), data.generatedAt());

        assertThat(markdown(partly)).contains("a product's figures are a lower bound");
    }

    @Test
    void theLargestTransactionsHaveTheirOwnTable() {
        String text = markdown(Fixtures.completeDay());

        assertThat(text).contains("## Largest transactions\n");
        assertThat(text).contains(
                "| 08:26 | WHITE HANGING HEART T-LIGHT HOLDER | United Kingdom | 6 | 15.30 |"
                        + " 536365-1 |");
    }

    @Test
    void theChartIsThePngBesideTheFile() {
        assertThat(markdown(Fixtures.completeDay())).contains("## Revenue per hour\n")
                .contains("](2010-12-01.png)\n");
    }

    @Test
    void completenessSaysWhichLayerAnsweredHowMuch() {
        String complete = markdown(Fixtures.completeDay());
        assertThat(complete).contains("| Batch boundary | 2010-12-02T00:00:00Z |");
        assertThat(complete).contains("| Period answered by batch views | 100.0 % (24 h 0 min) |");
        assertThat(complete).contains("| Period answered by speed views | 0.0 % (0 h 0 min) |");
        assertThat(complete).contains("| Late events dropped by the speed layer | 2 |");
        assertThat(complete).contains("| Invalid records (dead letters) | 1 |");

        // Boundary at 18:00: 18 of 24 hours from batch views.
        String partial = markdown(Fixtures.day(Instant.parse("2010-12-01T18:00:00Z")));
        assertThat(partial).contains("PROVISIONAL: batch views answer only 75.0 % of this day");
        assertThat(partial).contains("| Period answered by batch views | 75.0 % (18 h 0 min) |");
        assertThat(partial).contains("| Period answered by speed views | 25.0 % (6 h 0 min) |");
    }

    @Test
    void aPipeInAKeyDoesNotBreakTheTable() {
        ReportData data = Fixtures.completeDay();
        ReportData piped = new ReportData(data.period(), data.current(), data.previous(),
                data.categories(), java.util.List.of(new ReportData.KeyFigures("A|B",
                        data.current().revenue(), 4, 30)), data.payments(), data.products(),
                data.top(),
                data.chart(), data.health(), data.generatedAt());

        assertThat(markdown(piped)).contains("| 1 | A\\|B | 1,250.50 | 100.0 % | 4 | 30 |");
    }

    @Test
    void dataInACellIsTextNotMarkupNorAnotherCell() {
        assertThat(MarkdownRenderer.escaped("<img src=x onerror=alert(1)> | R&D"))
                .isEqualTo("&lt;img src=x onerror=alert(1)&gt; \\| R&amp;D");
    }
}
