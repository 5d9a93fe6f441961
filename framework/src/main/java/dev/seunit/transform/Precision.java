package dev.seunit.transform;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** How a variant stores its parameters. */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Precision {
    FLOAT32,
    /** Symmetric per-channel int8 weights, int32 biases: no Inf or NaN state exists. */
    INT8
}
