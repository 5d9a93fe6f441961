package dev.seunit.campaign.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;

import org.apiguardian.api.API;

import dev.seunit.campaign.InjectionRecord;
import dev.seunit.fault.FaultScenario;

/** Builds the record of one injection, the same way whichever engine ran it. */
@API(status = INTERNAL, since = "0.1")
public final class Records {

    private final OutputComparator comparator;

    public Records(OutputComparator comparator) {
        this.comparator = comparator;
    }

    public OutputComparator comparator() {
        return comparator;
    }

    /**
     * The record of an injection whose outcome is {@code known} (decided without an output), or
     * follows from comparing {@code output} with golden; with neither, a DUE caused by {@code error}.
     */
    public InjectionRecord of(int index, FaultScenario scenario, List<Long> wordsBefore, List<Long> wordsAfter,
            OutputComparator.Comparison known, float[] output, String error, long nanos) {
        if (known == null && output == null) {
            return InjectionRecord.due(index, scenario, wordsBefore, wordsAfter, error, nanos);
        }
        OutputComparator.Comparison c = known != null ? known : comparator.compare(output);
        return InjectionRecord.of(index, scenario, wordsBefore, wordsAfter, c.outcome(), c.changedPredictions(),
                c.predictions(), c.maxAbsDelta(), c.nonFinite(), c.metric(), nanos);
    }

    /** The same, for a single fault that wrote {@code after} over {@code before}. */
    public InjectionRecord of(int index, FaultScenario scenario, long before, long after,
            OutputComparator.Comparison known, float[] output, String error, long nanos) {
        return of(index, scenario, List.of(before), List.of(after), known, output, error, nanos);
    }


}
