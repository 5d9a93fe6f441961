package dev.seunit.junit.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.ScenarioGenerator;
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultScenario;
import dev.seunit.junit.ScenarioRunner;

/** What the tries of one property (and variant) share: the generator, the runner, statistics. */
final class PropertyState implements ScenarioRunner {

    final ClassResources.Prepared prepared;
    final Campaign campaign;
    final ScenarioGenerator generator;
    final long seed;
    final AtomicBoolean falsified = new AtomicBoolean();
    final AtomicInteger finished = new AtomicInteger();
    final AtomicInteger discarded = new AtomicInteger();
    private final AtomicInteger injections = new AtomicInteger();
    private final Map<String, Integer> byLayer = new TreeMap<>();
    private final Map<String, Integer> byBitClass = new TreeMap<>();

    PropertyState(ClassResources.Prepared prepared, Campaign campaign, ScenarioGenerator generator, long seed) {
        this.prepared = prepared;
        this.campaign = campaign;
        this.generator = generator;
        this.seed = seed;
    }

    synchronized void count(FaultScenario scenario) {
        for (Fault f : scenario.faults()) {
            byLayer.merge(f.site().layer(), 1, Integer::sum);
            byBitClass.merge(f.format().roleOf(f.topBit()).name(), 1, Integer::sum);
        }
    }

    /** What was generated, for the report. */
    synchronized String statistics() {
        return "tries " + finished.get() + ", discarded " + discarded.get() + "; faults by layer "
                + format(byLayer) + "; by bit class " + format(byBitClass);
    }

    private static String format(Map<String, Integer> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }

    @Override
    public InjectionRecord inject(FaultScenario scenario) {
        prepared.lock.lock();
        try {
            return campaign.inject(injections.getAndIncrement(), scenario);
        } finally {
            prepared.lock.unlock();
        }
    }

    @Override
    public float[] output(FaultScenario scenario) {
        prepared.lock.lock();
        try {
            return prepared.golden.outputUnder(scenario);
        } finally {
            prepared.lock.unlock();
        }
    }

    @Override
    public GoldenRun golden() {
        return prepared.golden;
    }
}
