package dev.seunit.campaign;

import java.io.PrintStream;
import java.util.Locale;

/** Progress lines on a console, at most one per interval, and only for campaigns that take a while. */
final class ConsoleProgress implements ProgressListener {

    private final PrintStream out;
    private final long firstAfterNanos;
    private final long intervalNanos;
    private long nextAt;
    private boolean printed;

    ConsoleProgress(PrintStream out, long firstAfterNanos, long intervalNanos) {
        this.out = out;
        this.firstAfterNanos = firstAfterNanos;
        this.intervalNanos = intervalNanos;
        this.nextAt = firstAfterNanos;
    }

    @Override
    public void progress(String campaign, int done, int total, long elapsedNanos) {
        if (elapsedNanos < nextAt || done == total) {
            return;
        }
        nextAt = elapsedNanos + intervalNanos;
        printed = true;
        double seconds = elapsedNanos / 1e9;
        double rate = done / seconds;
        long eta = Math.round((total - done) / Math.max(rate, 1e-9));
        out.println(String.format(Locale.ROOT, "[seunit] %s: %d/%d injections (%.1f%%), %.1f inj/s, ETA %d:%02d",
                campaign, done, total, 100.0 * done / total, rate, eta / 60, eta % 60));
    }

    @Override
    public void finished(String campaign, int done, long elapsedNanos) {
        if (printed || elapsedNanos >= firstAfterNanos) {
            out.println(String.format(Locale.ROOT, "[seunit] %s: %d injections in %.1f s (%.1f inj/s)", campaign, done,
                    elapsedNanos / 1e9, done / (elapsedNanos / 1e9)));
        }
    }
}
