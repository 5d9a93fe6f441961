package dev.seunit.transform;

/** How a variant stores its parameters. */
public enum Precision {
    FLOAT32,
    /** Symmetric per-channel int8 weights, int32 biases: no Inf or NaN state exists. */
    INT8
}
