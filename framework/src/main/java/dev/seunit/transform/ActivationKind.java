package dev.seunit.transform;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** Activation functions a variant can use; the bounded ones contain error propagation. */
@API(status = EXPERIMENTAL, since = "0.1")
public enum ActivationKind {
    RELU(false),
    /** min(max(x, 0), 6). */
    RELU6(true),
    SIGMOID(true),
    /** relu6(x + 3) / 6: piecewise linear, saturating at 0 and 1. */
    HARD_SIGMOID(true),
    TANH(true);

    private final boolean bounded;

    ActivationKind(boolean bounded) {
        this.bounded = bounded;
    }

    /** Whether the output range is finite whatever the input. */
    public boolean isBounded() {
        return bounded;
    }
}
