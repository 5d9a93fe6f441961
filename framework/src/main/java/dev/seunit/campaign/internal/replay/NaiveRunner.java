package dev.seunit.campaign.internal.replay;

import dev.seunit.campaign.EngineStatistics.Count;
import dev.seunit.campaign.internal.EngineMeter;
import dev.seunit.campaign.internal.Injector;

/** One full inference per scenario: the reference every shortcut is checked against. */
final class NaiveRunner implements Runner {

    private final Injector injector;
    private final EngineMeter meter;

    NaiveRunner(Injector injector, EngineMeter meter) {
        this.injector = injector;
        this.meter = meter;
    }

    @Override
    public void run(RunState run) {
        for (int position : run.positions()) {
            meter.count(Count.NAIVE);
            run.deliver(position, injector.inject(run.planIndex(position), run.scenario(position)));
        }
    }

    @Override
    public void close() {
        // the injector belongs to the caller
    }
}
