package dev.seunit.campaign.internal.replay;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;

import org.apiguardian.api.API;

import dev.seunit.campaign.InjectionRecord;
import dev.seunit.fault.FaultScenario;

/**
 * What one run of a runner executes: the scenarios by position, their plan indices, the
 * positions still to run (the rest were journaled), and where each record goes.
 */
@API(status = INTERNAL, since = "0.1")
public final class RunState {

    /** Receives each record with its position; called on the runner's (the caller's) thread only. */
    @FunctionalInterface
    public interface Sink {
        void accept(int position, InjectionRecord record);
    }

    private final List<FaultScenario> scenarios;
    private final int[] planIndices;
    private final int[] positions;
    private final Sink sink;

    /**
     * @param scenarios the scenarios, by position
     * @param planIndices the plan index of each position (what records carry)
     * @param positions the positions to run, ascending
     */
    public RunState(List<FaultScenario> scenarios, int[] planIndices, int[] positions, Sink sink) {
        this.scenarios = scenarios;
        this.planIndices = planIndices;
        this.positions = positions;
        this.sink = sink;
    }

    public int[] positions() {
        return positions;
    }

    public FaultScenario scenario(int position) {
        return scenarios.get(position);
    }

    public int planIndex(int position) {
        return planIndices[position];
    }

    public void deliver(int position, InjectionRecord record) {
        sink.accept(position, record);
    }
}
