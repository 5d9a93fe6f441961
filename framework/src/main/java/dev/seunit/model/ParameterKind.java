package dev.seunit.model;

/** The role of a parameter tensor in its layer. */
public enum ParameterKind {
    WEIGHT,
    BIAS,
    /** Batch-norm scale. */
    BN_GAMMA,
    /** Batch-norm shift. */
    BN_BETA,
    BN_RUNNING_MEAN,
    BN_RUNNING_VAR,
    OTHER
}
