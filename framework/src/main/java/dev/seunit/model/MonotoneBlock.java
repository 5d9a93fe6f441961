package dev.seunit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.djl.nn.Block;
import org.apiguardian.api.API;

/**
 * A custom layer that maps each value of its input through the same non-decreasing function
 * (an activation, possibly clipped): larger inputs never give smaller outputs, and its outputs
 * for inputs of -Inf and +Inf bound everything it can output.
 *
 * <p>{@link dev.seunit.campaign.Execution#FAST} pushes the lower and upper bounds of a
 * perturbation through such a layer unchanged in order, and cuts a box at its output to its
 * range. It knows DJL's own activations, pooling and flattening; implement this interface on a
 * custom element-wise layer so that faults before it can be certified. A layer that is not
 * monotone (HardSwish, GELU, softmax) must not implement it: FAST would then misjudge faults.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface MonotoneBlock extends Block {
}
