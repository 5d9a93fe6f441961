package dev.seunit.transform;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;

import org.apiguardian.api.API;

/**
 * A model variant: the design choices a robustness study compares. A dimension the test did not
 * vary is null (activation, precision) or -1 (pruning).
 *
 * @param activation the activation function, or null when not varied
 * @param prunedPercent the share of channels (or weights) pruned away, 0-99, or -1 when not varied
 * @param precision the parameter precision, or null when not varied
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Variant(ActivationKind activation, int prunedPercent, Precision precision)
        implements java.io.Serializable {

    /** The model as given: nothing varied. */
    public static final Variant BASELINE = new Variant(null, -1, null);

    public Variant {
        if (prunedPercent < -1 || prunedPercent > 99) {
            throw new IllegalArgumentException("a pruning percentage is 0 to 99; got " + prunedPercent);
        }
    }

    public Variant withActivation(ActivationKind kind) {
        return new Variant(kind, prunedPercent, precision);
    }

    public Variant withPruning(int percent) {
        return new Variant(activation, percent, precision);
    }

    public Variant withPrecision(Precision p) {
        return new Variant(activation, prunedPercent, p);
    }

    public boolean isBaseline() {
        return activation == null && prunedPercent < 0 && precision == null;
    }

    /** E.g. {@code activation=HARD_SIGMOID, pruned=50%, int8}; empty for the baseline. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (activation != null) {
            parts.add("activation=" + activation);
        }
        if (prunedPercent >= 0) {
            parts.add("pruned=" + prunedPercent + "%");
        }
        if (precision != null) {
            parts.add(precision.name().toLowerCase(java.util.Locale.ROOT));
        }
        return String.join(", ", parts);
    }

    @Override
    public String toString() {
        return isBaseline() ? "baseline" : describe();
    }
}
