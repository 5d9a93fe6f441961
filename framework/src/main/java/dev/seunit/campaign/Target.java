package dev.seunit.campaign;

/** What memory a campaign's faults hit. */
public enum Target {
    /** Stored parameters: weights, biases, batch-norm values. */
    PARAMETERS,
    /** Outputs of layers during inference (Java-built blocks only). */
    ACTIVATIONS
}
