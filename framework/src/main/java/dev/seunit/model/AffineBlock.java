package dev.seunit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.djl.nn.Block;
import org.apiguardian.api.API;

/**
 * A custom layer whose output is an affine function of its input: every output value is a sum of
 * input values times {@code WEIGHT} (or {@code GAMMA}) parameters, plus {@code BIAS} (or
 * {@code BETA}) parameters, as in a convolution, a transposed convolution or a linear layer.
 *
 * <p>{@link dev.seunit.campaign.Execution#FAST} bounds how far a fault's perturbation can travel
 * through the layers after it by running each of them on the perturbation's magnitude, with the
 * weights' absolute values and the biases at zero. It knows DJL's convolutions, linear and batch
 * norm layers, activations, pooling and dropout; implement this interface on a custom layer that
 * computes such a sum so that faults before it can be decided without running the rest of the
 * network. A layer that is not affine must not implement it: FAST would then misjudge faults.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface AffineBlock extends Block {
}
