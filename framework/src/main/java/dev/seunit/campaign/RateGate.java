package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.apiguardian.api.API;

/**
 * A threshold on the rate of some outcomes (together), decided at a confidence: the framework
 * side of {@code @MaxErrorRate}. {@link GateVerdict} says how one was decided; {@link
 * GateVerdicts#decide} decides gates on a campaign.
 *
 * @param outcomes the outcomes counted as errors
 * @param threshold the largest acceptable rate, in [0, 1]
 * @param confidence the two-sided confidence: a rate above the threshold passes, and one below
 *     it fails, each with probability at most {@code (1 - confidence) / 2}
 */
@API(status = EXPERIMENTAL, since = "0.2")
public record RateGate(Set<Outcome> outcomes, double threshold, double confidence) {

    public RateGate {
        if (outcomes.isEmpty()) {
            throw new IllegalArgumentException("a gate counts at least one outcome, e.g. CRITICAL");
        }
        outcomes = Set.copyOf(EnumSet.copyOf(outcomes));
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("a gate's threshold is a rate in [0, 1]; got " + threshold);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("a gate's confidence must be in (0, 1), e.g. 0.95; got " + confidence);
        }
    }

    /** The outcomes joined with "+", in severity order as declared by {@link Outcome}: e.g. {@code CRITICAL+DUE}. */
    public String outcomesLabel() {
        return EnumSet.copyOf(outcomes).stream().map(Outcome::name).collect(Collectors.joining("+"));
    }

    @Override
    public String toString() {
        return outcomesLabel() + " <= " + threshold + " @ " + confidence;
    }
}
