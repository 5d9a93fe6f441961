package dev.seunit.model;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** The role of a parameter tensor in its layer. */
@API(status = STABLE, since = "0.1")
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
