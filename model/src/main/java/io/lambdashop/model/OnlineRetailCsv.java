package io.lambdashop.model;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads the Online Retail invoice files (UCI, CC BY 4.0) and turns each line into a
 * {@link TransactionEvent}.
 *
 * <p>The mapping: the transaction id is the invoice number plus the line's position within
 * that invoice in the file, so a replay of the same file gives the same ids; {@code C...}
 * invoices are cancellations and keep their negative quantity, so they lower net revenue;
 * category, city and payment method are not in the data and stay empty.
 */
public final class OnlineRetailCsv {

    /** One line of the file: its event, or why it could not become one. */
    public record Line(long lineNumber, String raw, ParseResult result) {
    }

    /**
     * {@code 2010-12-01 08:26:00} as in the split files, or {@code 12/1/2010 8:26} as a
     * spreadsheet export of the original workbook writes it.
     */
    private static final DateTimeFormatter INVOICE_DATE =
            DateTimeFormatter.ofPattern("[yyyy-MM-dd H:mm[:ss]][M/d/yyyy H:mm[:ss]]");

    /** The header of an Online Retail file, in the order of the original workbook. */
    static final List<String> COLUMNS = List.of("InvoiceNo", "StockCode", "Description",
            "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country");

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get();

    private final ZoneId invoiceZone;

    /** @param invoiceZone the zone the file's {@code InvoiceDate} column is written in */
    public OnlineRetailCsv(ZoneId invoiceZone) {
        this.invoiceZone = invoiceZone;
    }

    /** Reads a {@code .csv} or {@code .csv.gz} file and hands each line over in file order. */
    public void read(Path file, Consumer<Line> sink) {
        try (InputStream in = open(file);
             BufferedReader reader = new BufferedReader(
                     new InputStreamReader(in, StandardCharsets.UTF_8))) {
            skipByteOrderMark(reader);
            CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
            checkHeader(file, parser.getHeaderNames());

            Map<String, Integer> linesSeenPerInvoice = new HashMap<>();
            Iterator<CSVRecord> records = parser.iterator();
            long linesRead = 0;
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    // A broken quote, say: the lines before it were delivered, the rest of
                    // the file cannot be split into lines with any confidence.
                    throw new UnreadableFileException(file + ": unreadable after line "
                            + (linesRead + 1) + ": " + e.getMessage(), e);
                }
                linesRead++;
                sink.accept(toLine(record, linesSeenPerInvoice));
            }
        } catch (IOException e) {
            throw new UnreadableFileException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A file that is not (or stops being) Online Retail CSV; the message says why. */
    public static final class UnreadableFileException extends RuntimeException {
        UnreadableFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Spreadsheet exports ("CSV UTF-8") start with a byte-order mark: not a header letter. */
    private static void skipByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
    }

    private static void checkHeader(Path file, List<String> header) {
        List<String> missing = COLUMNS.stream().filter(c -> !header.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new UnreadableFileException(file + ": not an Online Retail file: its header"
                    + " lacks " + String.join(", ", missing) + " (expected "
                    + String.join(",", COLUMNS) + ", found " + String.join(",", header) + ")",
                    null);
        }
    }

    private Line toLine(CSVRecord record, Map<String, Integer> linesSeenPerInvoice) {
        long lineNumber = record.getRecordNumber() + 1;
        String raw = String.join(",", record.values());
        if (!record.isConsistent()) {
            return new Line(lineNumber, raw, ParseResult.rejected(
                    "expected 8 columns, found " + record.size()));
        }
        String invoice = record.get("InvoiceNo").trim();
        if (invoice.isEmpty()) {
            return new Line(lineNumber, raw, ParseResult.rejected("missing InvoiceNo"));
        }
        int position = linesSeenPerInvoice.merge(invoice, 1, Integer::sum);
        try {
            // Checked as the layers will check the record it becomes (EventJson), so that a
            // line replay accepts is never rejected downstream (a zero quantity, say).
            return new Line(lineNumber, raw, EventJson.parse(EventJson.toJson(
                    toEvent(record, invoice, position))));
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            return new Line(lineNumber, raw, ParseResult.rejected(e.getMessage()));
        }
    }

    private TransactionEvent toEvent(CSVRecord record, String invoice, int position) {
        int quantity = Integer.parseInt(record.get("Quantity").trim());
        BigDecimal unitPrice = new BigDecimal(record.get("UnitPrice").trim());
        LocalDateTime invoiceDate = LocalDateTime.parse(record.get("InvoiceDate").trim(),
                INVOICE_DATE);
        return new TransactionEvent(
                invoice + "-" + position,
                invoice,
                customerId(record.get("CustomerID")),
                emptyToNull(record.get("StockCode")),
                emptyToNull(record.get("Description")),
                null,
                null,
                emptyToNull(record.get("Country")),
                null,
                quantity,
                unitPrice,
                unitPrice.multiply(BigDecimal.valueOf(quantity)),
                invoiceDate.atZone(invoiceZone).toInstant());
    }

    /** The file writes customer ids as floats ({@code 17850.0}); the id is the integer. */
    private static String customerId(String text) {
        String id = text.trim();
        if (id.endsWith(".0")) {
            id = id.substring(0, id.length() - 2);
        }
        return id.isEmpty() ? null : id;
    }

    private static String emptyToNull(String text) {
        String trimmed = text.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            return new GZIPInputStream(in, 1 << 16);
        }
        return in;
    }
}
