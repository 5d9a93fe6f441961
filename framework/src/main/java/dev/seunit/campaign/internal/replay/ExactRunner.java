package dev.seunit.campaign.internal.replay;

import dev.seunit.campaign.EngineStatistics.Count;
import dev.seunit.campaign.internal.EngineMeter;
import dev.seunit.campaign.internal.Injector;
import dev.seunit.fault.FaultScenario;
import dev.seunit.model.internal.GradMode;

/**
 * Prefix reuse and early masking, one scenario per inference: a single fault is replayed from
 * its layer ({@link ExactReplay}); what cannot be (several faults, a shared layer) runs naive.
 */
final class ExactRunner implements Runner {

    private final GoldenTrace trace;
    private final ExactReplay replay;
    private final Injector naive;
    private final EngineMeter meter;

    ExactRunner(GoldenTrace trace, ExactReplay replay, Injector naive, EngineMeter meter) {
        this.trace = trace;
        this.replay = replay;
        this.naive = naive;
        this.meter = meter;
    }

    @Override
    public void run(RunState run) {
        GradMode.off(() -> {
            for (int position : run.positions()) {
                FaultScenario scenario = run.scenario(position);
                TracedCall call = scenario.size() == 1 ? trace.callOf(scenario.first()) : null;
                if (call == null) {
                    meter.count(Count.NAIVE);
                    run.deliver(position, naive.inject(run.planIndex(position), scenario));
                } else {
                    run.deliver(position, replay.replay(run.planIndex(position), scenario, call));
                }
            }
        });
    }

    @Override
    public void close() {
        trace.close();
    }
}
