package dev.seunit.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;

import ai.djl.ndarray.NDArray;

import org.apiguardian.api.API;

/** Inputs (batch first) and optional labels, one per prediction, for an {@link InputsUnderTest}. */
@API(status = EXPERIMENTAL, since = "0.1")
public record Inputs(NDArray data, NDArray labels) {

    public Inputs {
        Objects.requireNonNull(data, "inputs");
    }

    public static Inputs of(NDArray data) {
        return new Inputs(data, null);
    }

    public static Inputs of(NDArray data, NDArray labels) {
        return new Inputs(data, Objects.requireNonNull(labels, "labels"));
    }
}
