package io.lambdashop.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnlineRetailCsvTest {

    private static final String CSV = """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom
            536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom
            536366,22633,"HAND WARMER, UNION JACK",6,2010-12-01 08:28:00,1.85,,United Kingdom
            C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom
            536365,22752,SET 7 BABUSHKA NESTING BOXES,two,2010-12-01 08:26:00,7.65,17850.0,United Kingdom
            """;

    @TempDir
    Path dir;

    @Test
    void mapsEachLineAsTheDatasetReadmeSays() throws IOException {
        Path file = dir.resolve("day.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(CSV.getBytes(StandardCharsets.UTF_8));
        }

        List<OnlineRetailCsv.Line> lines = read(file, ZoneOffset.UTC);

        assertThat(lines).hasSize(5);
        TransactionEvent first = lines.get(0).result().event();
        assertThat(first).isEqualTo(new TransactionEvent("536365-1", "536365", "17850",
                "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", null, null, "United Kingdom",
                null, 6, new BigDecimal("2.55"), new BigDecimal("15.30"),
                Instant.parse("2010-12-01T08:26:00Z")));
        assertThat(lines.get(1).result().event().transactionId()).isEqualTo("536365-2");

        TransactionEvent anonymous = lines.get(2).result().event();
        assertThat(anonymous.userId()).isNull();
        assertThat(anonymous.productName()).isEqualTo("HAND WARMER, UNION JACK");

        TransactionEvent refund = lines.get(3).result().event();
        assertThat(refund.amount()).isEqualByComparingTo("-27.5");
        assertThat(refund.isReturn()).isTrue();

        OnlineRetailCsv.Line broken = lines.get(4);
        assertThat(broken.lineNumber()).isEqualTo(6);
        assertThat(broken.result().rejection()).contains("two");
    }

    @Test
    void readsInvoiceDatesInTheConfiguredZone() throws IOException {
        Path file = dir.resolve("day.csv");
        Files.writeString(file, CSV);

        List<OnlineRetailCsv.Line> lines = read(file, ZoneId.of("Europe/Paris"));

        assertThat(lines.get(0).result().event().eventTime())
                .isEqualTo(Instant.parse("2010-12-01T07:26:00Z"));
    }

    @Test
    void readsTheDateFormatOfASpreadsheetExport() throws IOException {
        Path file = dir.resolve("export.csv");
        Files.writeString(file, CSV.lines().limit(2)
                .map(line -> line.replace("2010-12-01 08:26:00", "12/1/2010 8:26"))
                .reduce("", (all, line) -> all + line + "\n"));

        List<OnlineRetailCsv.Line> lines = read(file, ZoneOffset.UTC);

        assertThat(lines.get(0).result().event().eventTime())
                .isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
    }

    @Test
    void eachMappedEventIsValidInItsJsonForm() throws IOException {
        Path file = dir.resolve("day.csv");
        Files.writeString(file, CSV);

        for (OnlineRetailCsv.Line line : read(file, ZoneOffset.UTC)) {
            if (line.result().isValid()) {
                String json = EventJson.toJson(line.result().event());
                assertThat(EventJson.parse(json).event()).isEqualTo(line.result().event());
            }
        }
    }

    private static List<OnlineRetailCsv.Line> read(Path file, ZoneId zone) {
        List<OnlineRetailCsv.Line> lines = new ArrayList<>();
        new OnlineRetailCsv(zone).read(file, lines::add);
        return lines;
    }

    @Test
    void aByteOrderMarkBeforeTheHeaderIsNotPartOfIt() throws IOException {
        Path file = dir.resolve("excel.csv");
        Files.writeString(file, "\uFEFF" + CSV, StandardCharsets.UTF_8);

        List<OnlineRetailCsv.Line> lines = read(file, ZoneOffset.UTC);

        assertThat(lines).hasSize(5);
        assertThat(lines.get(0).result().event().transactionId()).isEqualTo("536365-1");
    }

    @Test
    void aFileWithAnotherHeaderIsRefusedWithTheColumnsItLacks() throws IOException {
        Path file = dir.resolve("orders.csv");
        Files.writeString(file, "order,total\n1,10.00\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> read(file, ZoneOffset.UTC))
                .isInstanceOf(OnlineRetailCsv.UnreadableFileException.class)
                .hasMessageContaining("orders.csv: not an Online Retail file")
                .hasMessageContaining("lacks InvoiceNo, StockCode");
    }

    @Test
    void aBrokenQuoteStopsTheFileAfterTheLinesBeforeIt() throws IOException {
        Path file = dir.resolve("broken.csv");
        Files.writeString(file, CSV.lines().limit(3).map(l -> l + "\n").reduce("", String::concat)
                + "536366,22633,\"HAND WARMER,6,2010-12-01 08:28:00,1.85,,United Kingdom\n",
                StandardCharsets.UTF_8);
        List<OnlineRetailCsv.Line> delivered = new ArrayList<>();

        assertThatThrownBy(() -> new OnlineRetailCsv(ZoneOffset.UTC).read(file, delivered::add))
                .isInstanceOf(OnlineRetailCsv.UnreadableFileException.class)
                .hasMessageContaining("broken.csv: unreadable after line 3");
        assertThat(delivered).hasSize(2);
    }

    @Test
    void aLineTheLayersWouldRejectIsRejectedHereWithTheirReason() throws IOException {
        Path file = dir.resolve("zero.csv");
        Files.writeString(file, CSV.lines().findFirst().orElseThrow() + "\n"
                + "536999,85123A,HOLDER,0,2010-12-01 08:26:00,2.55,17850.0,France\n",
                StandardCharsets.UTF_8);

        List<OnlineRetailCsv.Line> lines = read(file, ZoneOffset.UTC);

        assertThat(lines).singleElement().satisfies(line ->
                assertThat(line.result().rejection()).isEqualTo("quantity is zero"));
    }
}
