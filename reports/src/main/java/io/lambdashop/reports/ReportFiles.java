package io.lambdashop.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * Where reports live and how they are written: {@code <data>/reports/daily/2010-12-01.md},
 * {@code .pdf} and {@code .png} (the chart), and {@code .json}, a small record of what the
 * report was computed from. Every file is written to a temporary name and moved into place,
 * the record last: a report with a record is whole, and a reader never sees half a file.
 */
public final class ReportFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dataDir;

    public ReportFiles(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** The folder of one kind of report. */
    public Path folder(Period.Kind kind) {
        return dataDir.resolve("reports").resolve(kind.folder());
    }

    /** A file of the report of {@code period}, by extension ({@code md}, {@code pdf}...). */
    public Path file(Period period, String extension) {
        return folder(period.kind()).resolve(period.name() + "." + extension);
    }

    /**
     * What a written report was computed from.
     *
     * @param batchVersion the batch views' version the serving layer answered with
     * @param fingerprint  the period's and the previous period's totals, as text: equal
     *                     fingerprints mean a new render would show the same figures
     */
    public record Record(Period period, String batchVersion, Instant boundary,
            String fingerprint, Instant generatedAt) {
    }

    /** Renders and writes the four files of one report; returns the Markdown file. */
    public Path write(ReportData data) throws IOException {
        Period period = data.period();
        Files.createDirectories(folder(period.kind()));

        ReportDocument document = ReportContent.build(data);
        RevenueChart chart = document.blocks().stream()
                .filter(ReportDocument.Chart.class::isInstance)
                .map(block -> ((ReportDocument.Chart) block).chart())
                .findFirst().orElseThrow();
        String chartName = file(period, "png").getFileName().toString();

        writeAtomically(file(period, "png"), chart.png());
        writeAtomically(file(period, "pdf"), PdfRenderer.render(document));
        writeAtomically(file(period, "md"), MarkdownRenderer.render(document, chartName)
                .getBytes(StandardCharsets.UTF_8));
        writeRecord(new Record(period, data.current().batchVersion(), data.current().boundary(),
                fingerprint(data.current(), data.previous()), data.generatedAt()));
        return file(period, "md");
    }

    /** The record of the report of {@code period}; null when there is none (or unreadable). */
    public Record read(Period period) {
        Path file = file(period, "json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            return new Record(period, node.path("batch_version").asText(null),
                    node.path("boundary").isTextual()
                            ? Instant.parse(node.get("boundary").asText()) : null,
                    node.path("fingerprint").asText(null),
                    Instant.parse(node.path("generated_at").asText()));
        } catch (IOException | RuntimeException e) {
            // A record from an older or broken write: rendering again repairs it.
            return null;
        }
    }

    /** Writes (or replaces) the record of a report. */
    public void writeRecord(Record record) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("period", record.period().kind().folder());
        node.put("name", record.period().name());
        node.put("batch_version", record.batchVersion());
        node.put("boundary", record.boundary() == null ? null : record.boundary().toString());
        node.put("fingerprint", record.fingerprint());
        node.put("generated_at", record.generatedAt().toString());
        writeAtomically(file(record.period(), "json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
    }

    /**
     * The figures a report's headline rests on, as exact text. Only the totals are compared:
     * a change in any key or hour of the period changes them too.
     */
    public static String fingerprint(ReportData.Totals current, ReportData.Totals previous) {
        return totalsText(current) + " / " + totalsText(previous);
    }

    private static String totalsText(ReportData.Totals totals) {
        return plain(totals.revenue()) + ";" + totals.transactions() + ";" + totals.units() + ";"
                + totals.returns() + ";" + plain(totals.returnedAmount()) + ";"
                + totals.uniqueUsers();
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? "null" : amount.stripTrailingZeros().toPlainString();
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        // The process id in the name: a scheduled render and ./lambda report may write the
        // same report at once, each through its own temporary file.
        Path temp = target.resolveSibling("." + target.getFileName() + "."
                + ProcessHandle.current().pid() + ".tmp");
        Files.write(temp, bytes);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
