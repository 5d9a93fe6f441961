package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Locale;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * How many injections a campaign makes: a fixed count, every fault of the space, or the
 * Leveugle et al. sample size for an error margin and confidence, drawn in each of the
 * {@link Strata} (per layer unless said otherwise).
 */
@API(status = MAINTAINED, since = "0.1")
public record Budget(Kind kind, long count, double margin, double confidence, Strata strata) {

    @API(status = MAINTAINED, since = "0.1")
    public enum Kind {
        COUNT, EXHAUSTIVE, STATISTICAL
    }

    public Budget {
        Objects.requireNonNull(strata, "strata");
        if (kind == Kind.COUNT && count <= 0) {
            throw new IllegalArgumentException("a campaign needs at least one injection; got a budget of " + count);
        }
        if (kind == Kind.STATISTICAL && !(margin > 0 && margin < 1)) {
            throw new IllegalArgumentException("the error margin must be in (0, 1), e.g. 0.01; got " + margin);
        }
        if (kind == Kind.STATISTICAL && !(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("the confidence must be in (0, 1), e.g. 0.95; got " + confidence);
        }
    }

    /** A budget whose statistical samples are drawn per layer. */
    public Budget(Kind kind, long count, double margin, double confidence) {
        this(kind, count, margin, confidence, Strata.LAYER);
    }

    public static Budget count(long injections) {
        return new Budget(Kind.COUNT, injections, 0, 0);
    }

    public static Budget exhaustive() {
        return new Budget(Kind.EXHAUSTIVE, 0, 0, 0);
    }

    /** Per layer, {@code n = N / (1 + e^2 (N-1) / (t^2 p(1-p)))} with p = 0.5. */
    public static Budget statistical(double margin, double confidence) {
        return new Budget(Kind.STATISTICAL, 0, margin, confidence);
    }

    /** The Leveugle sample size in each of {@code strata} ({@link Strata#NONE}: one sample over the whole space). */
    public static Budget statistical(double margin, double confidence, Strata strata) {
        return new Budget(Kind.STATISTICAL, 0, margin, confidence, strata);
    }

    /**
     * The reference study's plan: a Leveugle sample with e = 2.5% at 95% confidence (t = 1.96,
     * p = 0.5) in every layer and bit.
     */
    public static Budget perLayerAndBit() {
        return statistical(0.025, 0.95, Strata.LAYER_AND_BIT);
    }

    /** This budget with its count scaled (at least 1); other kinds are unchanged. */
    public Budget scaled(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("a budget scale must be positive; got " + factor);
        }
        return kind == Kind.COUNT ? new Budget(kind, Math.max(1, Math.round(count * factor)), 0, 0) : this;
    }

    @Override
    public String toString() {
        switch (kind) {
            case COUNT:
                return count + " injections";
            case EXHAUSTIVE:
                return "exhaustive";
            default:
                String base = String.format(Locale.ROOT, "statistical (margin %g, confidence %g)", margin, confidence);
                return strata == Strata.LAYER ? base : base + (strata == Strata.NONE ? " over the whole space"
                        : " per layer and bit");
        }
    }
}
