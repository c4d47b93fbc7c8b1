package io.lambdashop.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a run did, printed on stdout at its end.
 *
 * @param files     files read, or -1 for a run that reads none (generate)
 * @param published events acknowledged by Kafka on {@code transactions}
 * @param rejected  input lines sent to {@code transactions.dlq} instead
 * @param elapsed   from the first send to the last acknowledgement
 * @param unreadableFiles why each file that could not be read (to its end) was not
 */
record RunSummary(int files, long published, long rejected, Duration elapsed,
        List<String> unreadableFiles) {

    /** A run with no unreadable file (the generator reads none). */
    RunSummary(int files, long published, long rejected, Duration elapsed) {
        this(files, published, rejected, elapsed, List.of());
    }

    /** Events acknowledged per second of the run; 0 for an empty run. */
    double eventsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds > 0 ? published / seconds : 0;
    }

    /** One {@code name: value} line per figure, easy to read and to grep. */
    String format() {
        StringBuilder text = new StringBuilder();
        if (files >= 0) {
            text.append(String.format(Locale.ROOT, "files:            %d%n", files));
        }
        text.append(String.format(Locale.ROOT, "events published: %d%n", published));
        if (files >= 0) {
            text.append(String.format(Locale.ROOT, "lines rejected:   %d%n", rejected));
        }
        text.append(String.format(Locale.ROOT, "seconds:          %.2f%n",
                elapsed.toNanos() / 1e9));
        text.append(String.format(Locale.ROOT, "events/s:         %.0f%n", eventsPerSecond()));
        for (String problem : unreadableFiles) {
            text.append(String.format(Locale.ROOT, "NOT REPLAYED:     %s%n", problem));
        }
        return text.toString();
    }
}
