package io.lambdashop.ingest;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.temporal.ChronoUnit;

/**
 * The progress bar of a run, on stderr so that stdout carries only the summary: events sent
 * so far and events per second, plus a short note such as the file being read.
 */
final class Progress implements AutoCloseable {

    private final ProgressBar bar;

    /** @param total the number of events expected, or -1 when unknown */
    Progress(String task, long total) {
        this.bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(" events", 1)
                .showSpeed()
                .setSpeedUnit(ChronoUnit.SECONDS)
                .setUpdateIntervalMillis(500)
                // Colours and block characters only where a person watches a terminal; logs
                // of scripts and CI get plain ASCII.
                .setStyle(System.console() != null ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK
                        : ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
    }

    void step() {
        bar.step();
    }

    void note(String message) {
        // The bar writes the note right after the speed: keep them apart.
        bar.setExtraMessage("  " + message);
    }

    @Override
    public void close() {
        bar.close();
    }
}
