package io.lambdashop.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * More figures of Online Retail files for the dashboard test, read by hand like
 * {@link RetailTotals} (not through the platform's own CSV mapping).
 */
final class RetailFacts {

    private RetailFacts() {
    }

    /** Distinct non-empty CustomerID values ("17850.0" and "17850" are one customer). */
    static long distinctCustomers(List<Path> files) throws IOException {
        Set<String> customers = new HashSet<>();
        forEachLine(files, cells -> {
            String id = cells.get(6).trim();
            if (!id.isEmpty()) {
                customers.add(new BigDecimal(id).stripTrailingZeros().toPlainString());
            }
        });
        return customers.size();
    }

    /** The largest Quantity x UnitPrice of any line. */
    static BigDecimal largestAmount(List<Path> files) throws IOException {
        BigDecimal[] largest = {null};
        forEachLine(files, cells -> {
            BigDecimal amount = new BigDecimal(cells.get(3))
                    .multiply(new BigDecimal(cells.get(5)));
            if (largest[0] == null || amount.compareTo(largest[0]) > 0) {
                largest[0] = amount;
            }
        });
        return largest[0];
    }

    private static void forEachLine(List<Path> files, Consumer<List<String>> action)
            throws IOException {
        for (Path file : files) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
                reader.readLine();
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    action.accept(RetailTotals.split(line));
                }
            }
        }
    }
}
