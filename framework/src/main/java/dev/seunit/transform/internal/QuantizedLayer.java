package dev.seunit.transform.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

/** A layer of an int8 variant: its parameters are integers, its scales constants of the layer. */
@API(status = INTERNAL, since = "0.1")
public interface QuantizedLayer extends Block {

    /** An independent copy whose arrays belong to {@code manager}. */
    QuantizedLayer copy(NDManager manager);

    /** The scale of the layer's int8 input: real input = int8 value x input scale. */
    float inputScale();

    /** One scale per output channel: real weight = int8 weight x weight scale. */
    float[] weightScales();

    /** The real values the int8 weights stand for (row-major): int8 value x its channel's scale. */
    float[] dequantizedWeights();
}
