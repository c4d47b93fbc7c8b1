package io.lambdashop.reports;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The scheduled side of reports: renders the hourly and daily reports whose period is
 * complete (the batch boundary has passed its end), once per batch version.
 *
 * <p>Idempotent: a report whose record names the batch version in service is left alone;
 * after a new batch run, a report whose totals (and its previous period's) did not change is
 * only restamped with the new version, not drawn again. Only recent periods are considered
 * ({@link #HOURLY_LOOKBACK}, {@link #DAILY_LOOKBACK} before the boundary): a backfill of a
 * year would otherwise draw thousands of reports at once; older ones are one
 * {@code ./lambda report} away.
 */
public final class DueReports {

    private static final Logger LOG = LoggerFactory.getLogger(DueReports.class);

    static final Duration HOURLY_LOOKBACK = Duration.ofHours(24);
    static final Duration DAILY_LOOKBACK = Duration.ofDays(14);

    /** What to do with one complete period. */
    enum Action {
        /** Its report was computed from the batch version in service. */
        CURRENT,
        /** Nothing was sold or returned in it and it has no report: none is made. */
        EMPTY,
        /** A new batch version, the same totals: the record takes the new version. */
        RESTAMP,
        /** No report yet, or its figures changed. */
        RENDER
    }

    /** How many periods each action was taken for. */
    public record Summary(int current, int empty, int restamped, int rendered) {
    }

    private final ServingClient client;
    private final ReportFiles files;

    public DueReports(ServingClient client, ReportFiles files) {
        this.client = client;
        this.files = files;
    }

    /**
     * The complete periods to look at for {@code boundary}, oldest first: hours and days
     * that end at or before it, within the look-back.
     */
    static List<Period> candidates(Instant boundary) {
        List<Period> periods = new ArrayList<>();
        if (boundary == null) {
            return periods;
        }
        addComplete(periods, Period.Kind.DAILY, boundary, DAILY_LOOKBACK);
        addComplete(periods, Period.Kind.HOURLY, boundary, HOURLY_LOOKBACK);
        return periods;
    }

    private static void addComplete(List<Period> periods, Period.Kind kind, Instant boundary,
            Duration lookback) {
        Instant earliestEnd = boundary.minus(lookback);
        for (Period period = kind.of(boundary).previous(); period.end().isAfter(earliestEnd);
                period = period.previous()) {
            periods.add(0, period);
        }
    }

    /**
     * @param existing  the period's report record, null when there is none
     * @param current   the period's totals as the serving layer answers them now
     * @param previous  the previous period's totals
     */
    static Action decide(ReportFiles.Record existing, ReportData.Totals current,
            ReportData.Totals previous) {
        if (existing != null && Objects.equals(existing.batchVersion(),
                current.batchVersion())) {
            return Action.CURRENT;
        }
        if (existing == null && current.transactions() == 0) {
            return Action.EMPTY;
        }
        if (existing != null && Objects.equals(existing.fingerprint(),
                ReportFiles.fingerprint(current, previous))) {
            return Action.RESTAMP;
        }
        return Action.RENDER;
    }

    /** One round: every candidate period of the boundary in service, checked and handled. */
    public Summary run() throws IOException {
        ServingClient.BatchState state = client.batchState();
        int current = 0;
        int empty = 0;
        int restamped = 0;
        int rendered = 0;
        for (Period period : candidates(state.boundary())) {
            ReportFiles.Record existing = files.read(period);
            if (existing != null && Objects.equals(existing.batchVersion(), state.version())) {
                current++;
                continue;
            }

            ReportData.Totals now = client.totals(period);
            if (existing == null && now.transactions() == 0) {
                empty++;
                continue;
            }
            ReportData.Totals before = client.totals(period.previous());
            switch (decide(existing, now, before)) {
                case CURRENT -> current++;
                case EMPTY -> empty++;
                case RESTAMP -> {
                    files.writeRecord(new ReportFiles.Record(period, now.batchVersion(),
                            now.boundary(), existing.fingerprint(), existing.generatedAt()));
                    restamped++;
                }
                case RENDER -> {
                    ReportData data = client.fetch(period);
                    files.write(data);
                    rendered++;
                    LOG.info("Rendered the {} report {} (batch version {}): {} transactions,"
                            + " revenue {}", period.kind().folder(), period.name(),
                            data.current().batchVersion(),
                            Figures.count(data.current().transactions()),
                            Figures.money(data.current().revenue()));
                }
            }
        }
        Summary summary = new Summary(current, empty, restamped, rendered);
        LOG.info("Scheduled reports for boundary {} (batch version {}): {} rendered, {}"
                + " restamped, {} already current, {} periods without sales", state.boundary(),
                state.version(), rendered, restamped, current, empty);
        return summary;
    }
}
