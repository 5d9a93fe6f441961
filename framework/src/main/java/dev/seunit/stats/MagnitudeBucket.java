package dev.seunit.stats;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Where a value's magnitude lies relative to the float32 MSB hazard: a flip of the top exponent
 * bit sends values in {@code 1 <= |x| < 2} to Inf or NaN.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum MagnitudeBucket {
    BELOW_ONE("|x| < 1"),
    ONE_TO_TWO("1 <= |x| < 2"),
    TWO_OR_MORE("|x| >= 2"),
    NON_FINITE("non-finite");

    private final String label;

    MagnitudeBucket(String label) {
        this.label = label;
    }

    public static MagnitudeBucket of(double value) {
        double magnitude = Math.abs(value);
        if (!Double.isFinite(magnitude)) {
            return NON_FINITE;
        }
        return magnitude < 1 ? BELOW_ONE : magnitude < 2 ? ONE_TO_TWO : TWO_OR_MORE;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
