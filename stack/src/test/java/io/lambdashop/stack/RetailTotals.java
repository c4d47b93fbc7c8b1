package io.lambdashop.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Totals of Online Retail files, computed the plain way: split each line by hand and add
 * {@code Quantity x UnitPrice} up. This is deliberately not the platform's own CSV mapping,
 * so that the end-to-end test checks the platform against a second route to the truth.
 */
record RetailTotals(long lines, BigDecimal revenue, Map<String, BigDecimal> revenueByCountry,
        Map<String, Long> linesByHour, Map<String, BigDecimal> revenueByHour) {

    static RetailTotals of(List<Path> files) throws IOException {
        long lines = 0;
        BigDecimal revenue = BigDecimal.ZERO;
        Map<String, BigDecimal> byCountry = new TreeMap<>();
        Map<String, Long> byHour = new TreeMap<>();
        Map<String, BigDecimal> revenueByHour = new TreeMap<>();
        for (Path file : files) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
                reader.readLine();
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    List<String> cells = split(line);
                    BigDecimal amount = new BigDecimal(cells.get(3))
                            .multiply(new BigDecimal(cells.get(5)));
                    lines++;
                    revenue = revenue.add(amount);
                    byCountry.merge(cells.get(7), amount, BigDecimal::add);
                    byHour.merge(hourOf(cells.get(4)), 1L, Long::sum);
                    revenueByHour.merge(hourOf(cells.get(4)), amount, BigDecimal::add);
                }
            }
        }
        return new RetailTotals(lines, revenue, byCountry, byHour, revenueByHour);
    }

    /**
     * "2010-12-01 08:26:00" gives "2010-12-01 8": the date and the hour as Hive prints the
     * partition columns dt and hr. The files' times are UTC already.
     */
    static String hourOf(String invoiceDate) {
        String[] dateAndTime = invoiceDate.trim().split(" ");
        int hour = Integer.parseInt(dateAndTime[1].split(":")[0]);
        return dateAndTime[0] + " " + hour;
    }

    /** Splits one CSV line on commas outside double quotes. */
    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
