package dev.seunit.transform;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;

import org.apiguardian.api.API;

/**
 * The range of an activation layer's outputs over fault-free inputs: a clipped variant limits
 * the layer to it, because a value outside it can only come from a fault.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ActivationBounds(String layer, float lower, float upper) {

    public ActivationBounds {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("bounds of " + layer + " need lower <= upper; got [" + lower + ", " + upper
                    + "]");
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s in [%g, %g]", layer, lower, upper);
    }
}
