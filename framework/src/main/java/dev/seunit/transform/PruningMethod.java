package dev.seunit.transform;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** How a variant is pruned. */
@API(status = EXPERIMENTAL, since = "0.1")
public enum PruningMethod {
    /**
     * Structured: in every convolution or linear layer whose outputs feed exactly one next layer
     * through channel-wise layers (batch norm, activations, pooling, flatten), the output channels
     * with the smallest L1 norm of their filter are removed, together with their batch-norm entries
     * and the next layer's input weights. The variant is a smaller model (fewer parameters and
     * fault sites, faster). The output layer and layers whose output leaves a SequentialBlock
     * (skip connections) are kept whole.
     */
    CHANNELS_L1,
    /** Unstructured: in every convolution and linear weight tensor the smallest magnitudes are set to zero. */
    WEIGHTS_MAGNITUDE
}
