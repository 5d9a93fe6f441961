package dev.seunit.campaign.internal.replay;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import dev.seunit.campaign.Execution;
import dev.seunit.campaign.FastOptions;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.internal.EngineMeter;
import dev.seunit.campaign.internal.Injector;
import dev.seunit.campaign.internal.Records;

/** Picks the runner of an {@link Execution}; what a mode's shortcuts cannot cover runs on {@code naive}. */
@API(status = INTERNAL, since = "0.1")
public final class Runners {

    private Runners() {
    }

    /**
     * A runner for {@code mode}. EXACT and FAST trace the golden run first; a model that cannot be
     * traced, or whose layer-by-layer run is not bit-identical to its golden run, runs naive.
     */
    public static Runner create(Execution mode, GoldenRun golden, EngineCache cache, Records records, Injector naive,
            FastOptions options, EngineMeter meter) {
        GoldenTrace trace = mode == Execution.NAIVE ? null : GoldenTrace.record(golden);
        if (trace == null) {
            return new NaiveRunner(naive, meter);
        }
        ExactReplay replay = new ExactReplay(trace, records, meter);
        if (mode == Execution.EXACT) {
            return new ExactRunner(trace, replay, naive, meter);
        }
        return new FastRunner(trace, replay, new FaultyOutputs(trace, records, meter), records.comparator(), naive,
                meter, cache, options);
    }
}
