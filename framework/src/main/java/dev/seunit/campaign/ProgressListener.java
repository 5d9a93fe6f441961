package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

/** Told how a campaign advances. */
@API(status = MAINTAINED, since = "0.1")
public interface ProgressListener {

    /** Prints nothing. */
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void progress(String campaign, int done, int total, long elapsedNanos) {
        }
    };

    /** Called after every injection; implementations decide how often to show it. */
    void progress(String campaign, int done, int total, long elapsedNanos);

    default void finished(String campaign, int done, long elapsedNanos) {
    }

    /** Prints done/total, rate and ETA to standard output every 10 seconds once a campaign has run for 5. */
    static ProgressListener console() {
        return new ConsoleProgress(System.out, 5_000_000_000L, 10_000_000_000L);
    }
}
