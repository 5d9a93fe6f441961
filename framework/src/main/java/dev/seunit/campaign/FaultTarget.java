package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** What memory a campaign's faults hit. */
@API(status = STABLE, since = "0.1")
public enum FaultTarget {
    /** Stored parameters: weights, biases, batch-norm values. */
    PARAMETERS,
    /** Outputs of layers during inference (Java-built blocks only). */
    ACTIVATIONS
}
