package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** What one injection did to the model's output, compared with the golden output. */
@API(status = STABLE, since = "0.1")
public enum Outcome {
    /** The output is bit-identical to golden. */
    MASKED,
    /** The output differs but every prediction is the golden one. */
    BENIGN,
    /** Some predictions differ, within the declared tolerance. */
    SDC,
    /** Predictions differ beyond the declared tolerance. */
    CRITICAL,
    /** Detected unrecoverable error: a non-finite output, an exception or a timeout. */
    DUE;

    /** Whether the output's predictions were wrong or missing. */
    public boolean isFailure() {
        return this == SDC || this == CRITICAL || this == DUE;
    }
}
