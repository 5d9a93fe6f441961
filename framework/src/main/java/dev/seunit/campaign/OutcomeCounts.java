package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.apiguardian.api.API;

import dev.seunit.stats.Rate;

/** How many injections ended in each outcome. */
@API(status = EXPERIMENTAL, since = "0.1")
public final class OutcomeCounts {

    private final long[] counts = new long[Outcome.values().length];

    public static OutcomeCounts of(Iterable<InjectionRecord> records) {
        OutcomeCounts counts = new OutcomeCounts();
        for (InjectionRecord r : records) {
            counts.add(r.outcome());
        }
        return counts;
    }

    void add(Outcome outcome) {
        counts[outcome.ordinal()]++;
    }

    public long count(Outcome outcome) {
        return counts[outcome.ordinal()];
    }

    public long count(Set<Outcome> outcomes) {
        return outcomes.stream().mapToLong(this::count).sum();
    }

    public long total() {
        return Arrays.stream(counts).sum();
    }

    /** The rate of {@code outcomes} with its Clopper-Pearson interval at {@code confidence}. */
    public Rate rate(Set<Outcome> outcomes, double confidence) {
        return Rate.clopperPearson(count(outcomes), total(), confidence);
    }

    public Rate rate(Outcome outcome, double confidence) {
        return rate(EnumSet.of(outcome), confidence);
    }

    public Rate rate(Outcome outcome) {
        return rate(outcome, 0.95);
    }

    @Override
    public String toString() {
        return EnumSet.allOf(Outcome.class).stream().map(o -> o + "=" + count(o)).collect(Collectors.joining(", "));
    }
}
