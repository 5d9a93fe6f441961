package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;

import org.apiguardian.api.API;

import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultScenario;
import dev.seunit.stats.SampleSize;

/**
 * Draws the scenarios of a campaign from a {@link FaultSpace}, deterministically from a seed:
 * the same seed, space and budget always give the same list in the same order. Faults are
 * drawn without replacement.
 */
@API(status = MAINTAINED, since = "0.1")
public enum Sampler {

    /** Uniform over the whole space. */
    UNIFORM {
        @Override
        List<Long> indices(FaultSpace space, Budget budget, int faultsPerInference, SplittableRandom random) {
            long n = budget.kind() == Budget.Kind.STATISTICAL
                    ? SampleSize.leveugle(space.size(), budget.margin(), budget.confidence()) * faultsPerInference
                    : budget.count() * faultsPerInference;
            return drawDistinct(List.of(new long[] {0, space.size()}), n, random);
        }
    },

    /** Per layer, each layer getting the Leveugle sample size of its own population (or an equal share of a count). */
    STRATIFIED {
        @Override
        List<Long> indices(FaultSpace space, Budget budget, int faultsPerInference, SplittableRandom random) {
            Map<String, List<long[]>> layers = space.layerRanges();
            List<Long> all = new ArrayList<>();
            for (List<long[]> ranges : layers.values()) {
                long population = ranges.stream().mapToLong(r -> r[1] - r[0]).sum();
                long n = budget.kind() == Budget.Kind.STATISTICAL
                        ? SampleSize.leveugle(population, budget.margin(), budget.confidence())
                        : Math.max(1, budget.count() / layers.size());
                all.addAll(drawDistinct(ranges, n * faultsPerInference, random));
            }
            return all;
        }
    },

    /**
     * Per layer and bit (the highest bit a fault touches), each stratum getting the Leveugle
     * sample size of its own population (or an equal share of a count): the reference study's plan.
     */
    STRATIFIED_LAYER_AND_BIT {
        @Override
        List<Long> indices(FaultSpace space, Budget budget, int faultsPerInference, SplittableRandom random) {
            Map<String, List<FaultSpace.BitSlice>> cells = space.layerBitSlices();
            List<Long> all = new ArrayList<>();
            for (List<FaultSpace.BitSlice> slices : cells.values()) {
                long population = slices.stream().mapToLong(FaultSpace.BitSlice::size).sum();
                long n = budget.kind() == Budget.Kind.STATISTICAL
                        ? SampleSize.leveugle(population, budget.margin(), budget.confidence())
                        : Math.max(1, budget.count() / cells.size());
                all.addAll(drawDistinct(population, local -> inSlices(slices, local), n * faultsPerInference, random));
            }
            return all;
        }
    },

    /** Every fault once, in index order (single faults only). */
    EXHAUSTIVE {
        @Override
        List<Long> indices(FaultSpace space, Budget budget, int faultsPerInference, SplittableRandom random) {
            if (faultsPerInference != 1) {
                throw new IllegalArgumentException("an exhaustive campaign enumerates single faults; with "
                        + faultsPerInference + " faults per inference use a count or statistical budget");
            }
            if (space.size() > MAX_INJECTIONS) {
                throw new IllegalArgumentException("the fault space has " + space.size() + " faults, more than the "
                        + MAX_INJECTIONS + " an exhaustive campaign may run; narrow the layers or bits, or use a "
                        + "statistical budget");
            }
            List<Long> all = new ArrayList<>((int) space.size());
            for (long i = 0; i < space.size(); i++) {
                all.add(i);
            }
            return all;
        }
    };

    /** The largest number of injections one campaign may plan. */
    public static final long MAX_INJECTIONS = 50_000_000;

    abstract List<Long> indices(FaultSpace space, Budget budget, int faultsPerInference, SplittableRandom random);

    /**
     * The sampler a budget implies: exhaustive, stratified by the budget's {@link Strata} for
     * statistical budgets, uniform for counts.
     */
    public static Sampler forBudget(Budget budget) {
        switch (budget.kind()) {
            case EXHAUSTIVE:
                return EXHAUSTIVE;
            case STATISTICAL:
                return budget.strata() == Strata.LAYER ? STRATIFIED
                        : budget.strata() == Strata.LAYER_AND_BIT ? STRATIFIED_LAYER_AND_BIT : UNIFORM;
            default:
                return UNIFORM;
        }
    }

    /** The strata this sampler draws from separately ({@link Strata#NONE} for a uniform or exhaustive plan). */
    public Strata strata() {
        return this == STRATIFIED ? Strata.LAYER : this == STRATIFIED_LAYER_AND_BIT ? Strata.LAYER_AND_BIT
                : Strata.NONE;
    }

    /** The scenarios, each of {@code faultsPerInference} distinct faults. */
    public List<FaultScenario> draw(FaultSpace space, Budget budget, int faultsPerInference, long seed) {
        if (faultsPerInference < 1) {
            throw new IllegalArgumentException("faults per inference must be at least 1; got " + faultsPerInference);
        }
        List<Long> indices = indices(space, budget, faultsPerInference, new SplittableRandom(seed));
        if (indices.size() / faultsPerInference > MAX_INJECTIONS) {
            throw new IllegalArgumentException(indices.size() / faultsPerInference + " injections exceed the limit of "
                    + MAX_INJECTIONS + "; lower the budget");
        }
        List<FaultScenario> scenarios = new ArrayList<>(indices.size() / faultsPerInference);
        for (int i = 0; i + faultsPerInference <= indices.size(); i += faultsPerInference) {
            Fault[] faults = new Fault[faultsPerInference];
            for (int j = 0; j < faultsPerInference; j++) {
                faults[j] = space.fault(indices.get(i + j), seed);
            }
            scenarios.add(FaultScenario.of(faults));
        }
        return scenarios;
    }

    /**
     * {@code n} distinct numbers from the union of {@code ranges}, in draw order; all of them
     * (in order) when there are no more than {@code n}.
     */
    static List<Long> drawDistinct(List<long[]> ranges, long n, SplittableRandom random) {
        long population = ranges.stream().mapToLong(r -> r[1] - r[0]).sum();
        return drawDistinct(population, local -> toGlobal(ranges, local), n, random);
    }

    /**
     * {@code n} distinct numbers of a population numbered {@code 0 .. population-1} and mapped
     * to fault numbers by {@code toGlobal}, in draw order; all of them (in order) when there are
     * no more than {@code n}.
     */
    static List<Long> drawDistinct(long population, LongUnaryOperator toGlobal, long n, SplittableRandom random) {
        if (n > MAX_INJECTIONS * 8) {
            throw new IllegalArgumentException(n + " faults exceed the limit of " + MAX_INJECTIONS + " injections");
        }
        if (n >= population) {
            List<Long> all = new ArrayList<>();
            for (long i = 0; i < population; i++) {
                all.add(toGlobal.applyAsLong(i));
            }
            return all;
        }
        if (n * 2 <= population) {
            LinkedHashSet<Long> drawn = new LinkedHashSet<>();
            while (drawn.size() < n) {
                drawn.add(toGlobal.applyAsLong(random.nextLong(population)));
            }
            return new ArrayList<>(drawn);
        }
        // dense: partial Fisher-Yates over the whole population
        long[] all = new long[(int) population];
        for (int k = 0; k < all.length; k++) {
            all[k] = toGlobal.applyAsLong(k);
        }
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(all.length - i);
            long t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        List<Long> out = new ArrayList<>((int) n);
        for (long v : Arrays.copyOf(all, (int) n)) {
            out.add(v);
        }
        return out;
    }

    private static long inSlices(List<FaultSpace.BitSlice> slices, long local) {
        for (FaultSpace.BitSlice slice : slices) {
            if (local < slice.size()) {
                return slice.index(local);
            }
            local -= slice.size();
        }
        throw new AssertionError("index beyond the slices");
    }

    private static long toGlobal(List<long[]> ranges, long local) {
        for (long[] r : ranges) {
            long width = r[1] - r[0];
            if (local < width) {
                return r[0] + local;
            }
            local -= width;
        }
        throw new AssertionError("index beyond the ranges");
    }
}
