package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Locale;

import org.apiguardian.api.API;

/**
 * How outputs are read as predictions. Classification compares the top-1 class of each input,
 * segmentation the per-pixel argmax over the channel axis (NCHW), regression each output value
 * within a relative tolerance.
 */
@API(status = MAINTAINED, since = "0.1")
public record Task(Kind kind, double relativeTolerance) implements java.io.Serializable {

    @API(status = MAINTAINED, since = "0.1")
    public enum Kind {
        CLASSIFICATION, SEGMENTATION, REGRESSION
    }

    public Task {
        if (kind == Kind.REGRESSION && !(relativeTolerance >= 0)) {
            throw new IllegalArgumentException("a regression's relative tolerance must be >= 0; got " + relativeTolerance);
        }
    }

    public static Task classification() {
        return new Task(Kind.CLASSIFICATION, 0);
    }

    public static Task segmentation() {
        return new Task(Kind.SEGMENTATION, 0);
    }

    /** Values within {@code relativeTolerance} of golden count as the same prediction. */
    public static Task regression(double relativeTolerance) {
        return new Task(Kind.REGRESSION, relativeTolerance);
    }

    @Override
    public String toString() {
        return kind == Kind.REGRESSION ? String.format(Locale.ROOT, "regression (rel. tol. %g)", relativeTolerance)
                : kind.name().toLowerCase(Locale.ROOT);
    }
}
