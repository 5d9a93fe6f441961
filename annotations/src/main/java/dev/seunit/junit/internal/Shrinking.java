package dev.seunit.junit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.seunit.fault.Corruption;
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultScenario;
import dev.seunit.fault.FaultSite;

/**
 * Shrinks a failing scenario: delta debugging (Zeller's ddmin) to a 1-minimal failing subset of
 * its faults, then, for a single fault, fewer flipped bits and lower element indices.
 */
final class Shrinking {

    /** The smallest failing scenario found and how many re-runs it took. */
    record Result(FaultScenario scenario, int steps) {
    }

    private final Predicate<FaultScenario> fails;
    private final int maxSteps;
    private int steps;

    Shrinking(Predicate<FaultScenario> fails, int maxSteps) {
        this.fails = fails;
        this.maxSteps = maxSteps;
    }

    Result shrink(FaultScenario failing) {
        List<Fault> faults = minimize(new ArrayList<>(failing.faults()));
        if (faults.size() == 1) {
            faults = List.of(simplify(faults.get(0)));
        }
        return new Result(new FaultScenario(faults), steps);
    }

    private boolean test(List<Fault> faults) {
        if (steps >= maxSteps || faults.isEmpty()) {
            return false;
        }
        steps++;
        return fails.test(new FaultScenario(faults));
    }

    private List<Fault> minimize(List<Fault> faults) {
        int n = 2;
        while (faults.size() >= 2 && steps < maxSteps) {
            List<List<Fault>> chunks = split(faults, n);
            boolean reduced = false;
            for (List<Fault> chunk : chunks) {
                if (test(chunk)) {
                    faults = chunk;
                    n = 2;
                    reduced = true;
                    break;
                }
            }
            if (!reduced && n > 2) {
                for (List<Fault> chunk : chunks) {
                    List<Fault> complement = new ArrayList<>(faults);
                    complement.removeAll(chunk);
                    if (test(complement)) {
                        faults = complement;
                        n = Math.max(n - 1, 2);
                        reduced = true;
                        break;
                    }
                }
            }
            if (!reduced) {
                if (n >= faults.size()) {
                    break;
                }
                n = Math.min(2 * n, faults.size());
            }
        }
        return faults;
    }

    private static List<List<Fault>> split(List<Fault> faults, int n) {
        List<List<Fault>> chunks = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < n; i++) {
            int end = start + (faults.size() - start) / (n - i);
            chunks.add(new ArrayList<>(faults.subList(start, end)));
            start = end;
        }
        return chunks;
    }

    /** Fewer bits first, then the lowest element index of the same tensor that still fails. */
    private Fault simplify(Fault fault) {
        Fault current = fault;
        if (current.corruption().operation() == Corruption.Operation.FLIP && current.bits().length > 1) {
            for (int bit : current.bits()) {
                Fault single = new Fault(current.site(), current.model(), current.format(),
                        Corruption.flip(1L << bit));
                if (test(List.of(single))) {
                    current = single;
                    break;
                }
            }
        }
        boolean progress = true;
        while (progress && current.site().index() > 0) {
            progress = false;
            long index = current.site().index();
            for (long candidate : new long[] {0, index / 2, index - 1}) {
                Fault moved = new Fault(at(current.site(), candidate), current.model(), current.format(),
                        current.corruption());
                if (candidate < index && test(List.of(moved))) {
                    current = moved;
                    progress = true;
                    break;
                }
            }
        }
        return current;
    }

    private static FaultSite at(FaultSite site, long index) {
        return site instanceof FaultSite.Parameter ? FaultSite.parameter(site.name(), site.layer(), index)
                : FaultSite.activation(site.name(), index);
    }
}
