package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.apiguardian.api.API;

import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultModel;
import dev.seunit.fault.FaultScenario;
import dev.seunit.model.InjectableModel;
import dev.seunit.stats.MagnitudeBucket;

/**
 * Draws fault scenarios for property tests from a {@link FaultSpace}: edge cases first, then
 * uniformly random scenarios of distinct faults. Scenario {@code i} depends only on the space,
 * the seed and {@code i}, so any property-testing library can draw from it and a failure
 * reproduces from its seed and try number.
 *
 * <p>Edge cases (for bit flips and stuck-at faults in parameters): the MSB of the first value in
 * {@code 1 <= |x| < 2} of each tensor (one flip from Inf/NaN), then the sign and the MSB of each
 * tensor's largest value; for activations, the sign and MSB of each layer's first element.
 * Only bits in the space's selection are used.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ScenarioGenerator {

    private final FaultSpace space;
    private final int faultsPerScenario;
    private final long seed;
    private final List<Fault> edgeCases;

    public ScenarioGenerator(FaultSpace space, InjectableModel model, int faultsPerScenario, long seed,
            boolean edgeCasesFirst) {
        if (faultsPerScenario < 1 || faultsPerScenario > space.size()) {
            throw new IllegalArgumentException(faultsPerScenario < 1
                    ? "faultsPerScenario must be at least 1; got " + faultsPerScenario
                    : "faultsPerScenario = " + faultsPerScenario + " exceeds the fault space of " + space.size()
                            + " faults: use at most " + space.size() + " or widen layers or bits");
        }
        this.space = space;
        this.faultsPerScenario = faultsPerScenario;
        this.seed = seed;
        this.edgeCases = edgeCasesFirst ? findEdgeCases(model) : List.of();
    }

    public FaultSpace space() {
        return space;
    }

    /** The edge-case faults, in the order they are tried. */
    public List<Fault> edgeCases() {
        return edgeCases;
    }

    /** How many of the first scenarios are built from edge cases. */
    public int edgeScenarios() {
        return (edgeCases.size() + faultsPerScenario - 1) / faultsPerScenario;
    }

    /** Scenario number {@code tryIndex} (0-based). */
    public FaultScenario scenario(int tryIndex) {
        SplittableRandom random = new SplittableRandom(seed ^ (0xD1B54A32D192ED03L * (tryIndex + 1)));
        Set<Fault> faults = new LinkedHashSet<>();
        if (tryIndex < edgeScenarios()) {
            int from = tryIndex * faultsPerScenario;
            faults.addAll(edgeCases.subList(from, Math.min(from + faultsPerScenario, edgeCases.size())));
        }
        while (faults.size() < faultsPerScenario) {
            faults.add(space.fault(random.nextLong(space.size()), seed));
        }
        return new FaultScenario(new ArrayList<>(faults));
    }

    private List<Fault> findEdgeCases(InjectableModel model) {
        FaultModel faultModel = space.model();
        if (!(faultModel instanceof FaultModel.BitFlip) && !(faultModel instanceof FaultModel.StuckAt)) {
            return List.of(); // one choice per selected bit only for these models
        }
        Set<Fault> msbInHazardBand = new LinkedHashSet<>();
        Set<Fault> extremes = new LinkedHashSet<>();
        List<FaultSpace.Stratum> strata = space.strata();
        for (int s = 0; s < strata.size(); s++) {
            FaultSpace.Stratum stratum = strata.get(s);
            int msb = position(stratum.bits(), stratum.format().msb());
            int sign = position(stratum.bits(), stratum.format().signBit());
            if (stratum.target() == FaultTarget.ACTIVATIONS) {
                addIfSelected(extremes, s, 0, sign);
                addIfSelected(extremes, s, 0, msb);
                continue;
            }
            double[] values = model.values(model.parameter(stratum.name()));
            int largest = 0;
            int firstInBand = -1;
            for (int i = 0; i < values.length; i++) {
                if (Math.abs(values[i]) > Math.abs(values[largest])) {
                    largest = i;
                }
                if (firstInBand < 0 && MagnitudeBucket.of(values[i]) == MagnitudeBucket.ONE_TO_TWO) {
                    firstInBand = i;
                }
            }
            if (firstInBand >= 0) {
                addIfSelected(msbInHazardBand, s, firstInBand, msb);
            }
            addIfSelected(extremes, s, largest, sign);
            addIfSelected(extremes, s, largest, msb);
        }
        List<Fault> all = new ArrayList<>(msbInHazardBand);
        extremes.stream().filter(f -> !msbInHazardBand.contains(f)).forEach(all::add);
        return List.copyOf(all);
    }

    private void addIfSelected(Set<Fault> into, int stratum, long element, int choice) {
        if (choice >= 0) {
            into.add(space.fault(space.index(stratum, element, choice), seed));
        }
    }

    private static int position(int[] bits, int bit) {
        for (int i = 0; i < bits.length; i++) {
            if (bits[i] == bit) {
                return i;
            }
        }
        return -1;
    }
}
