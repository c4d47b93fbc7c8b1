package io.lambdashop.serving;

import io.lambdashop.launcher.ModuleProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Starts the scheduled reports: each time a new batch version is in service, one run of
 * {@code reports --due}, which renders every hourly and daily report whose period the
 * boundary has passed and that was not yet rendered for this version.
 *
 * <p>NOTE: this lives in the serving layer rather than in the batch scheduler because a
 * report is read from this layer's API, and only here is it known when a batch run's views
 * are actually in service: right after the batch job, the serving layer may still answer
 * with the previous version, and a report made then would show speed views or old figures
 * for an hour that is already complete. The reports run as their own JVM (started like every
 * other component, through the launcher) so that the PDF and chart libraries, and a slow or
 * failing render, never touch the process that answers the dashboard.
 *
 * <p>Idempotent on both sides: at most one run at a time, at most one successful run per
 * version here, and {@code --due} skips every report already made from the version in
 * service.
 */
final class ReportTrigger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReportTrigger.class);

    /** After a failed run, wait this long before trying the same version again. */
    static final Duration RETRY_AFTER = Duration.ofMinutes(5);

    private static final String MODULE = "reports";
    private static final String MAIN = "io.lambdashop.reports.ReportCli";

    private final BatchViewLoader batch;
    private final Path dataDir;
    private final String servingUrl;
    private final Runnable onRunEnded;

    private ModuleProcess running;
    private String runningVersion;
    private String doneVersion;
    private Instant failedAt;
    private boolean disabled;

    /**
     * @param onRunEnded called once each run has ended, well or not: new report files may be
     *                   there for open dashboards to list
     */
    ReportTrigger(BatchViewLoader batch, Path dataDir, String servingUrl, Runnable onRunEnded) {
        this.batch = batch;
        this.dataDir = dataDir.toAbsolutePath();
        this.servingUrl = servingUrl;
        this.onRunEnded = onRunEnded;
    }

    /** Called every refresh interval; starts a run when one is due. Never throws. */
    synchronized void check() {
        try {
            if (disabled || stillRunning()) {
                return;
            }
            String version = batch.current().version();
            if (version == null || version.equals(doneVersion)) {
                return;
            }
            if (failedAt != null && Objects.equals(version, runningVersion)
                    && Instant.now().isBefore(failedAt.plus(RETRY_AFTER))) {
                return;
            }
            start(version);
        } catch (RuntimeException e) {
            LOG.warn("Scheduled reports not started: {}", e.toString());
        }
    }

    /** Whether the previous run goes on; notes how it ended once it has. */
    private boolean stillRunning() {
        if (running == null) {
            return false;
        }
        if (running.isAlive()) {
            return true;
        }
        int exitCode = running.awaitExit(Duration.ZERO);
        if (exitCode == 0) {
            doneVersion = runningVersion;
            failedAt = null;
            LOG.info("Scheduled reports done for batch version {}", runningVersion);
        } else {
            failedAt = Instant.now();
            LOG.warn("Scheduled reports for batch version {} failed (exit code {}); retrying in"
                    + " {} min; see {}", runningVersion, exitCode, RETRY_AFTER.toMinutes(),
                    running.logFile());
        }
        running = null;
        onRunEnded.run();
        return false;
    }

    private void start(String version) {
        List<String> args = List.of("--due", "--serving-url", servingUrl,
                "--data-dir", dataDir.toString());
        try {
            running = ModuleProcess.start(MODULE, MODULE, MAIN,
                    List.of("-Xmx512m", "-Djava.awt.headless=true"), args,
                    dataDir.resolve("logs").resolve("reports.log"));
        } catch (IllegalStateException e) {
            // The reports module is not built: the API still lists whatever exists.
            disabled = true;
            LOG.warn("Scheduled reports are off: {}", e.getMessage());
            return;
        }
        runningVersion = version;
        LOG.info("Rendering the reports due for batch version {} (boundary {}); log in {}",
                version, batch.current().boundary(), running.logFile());
    }

    /** Stops a run still going. */
    @Override
    public synchronized void close() {
        if (running != null && running.isAlive()) {
            running.stop(Duration.ofSeconds(5));
        }
    }
}
