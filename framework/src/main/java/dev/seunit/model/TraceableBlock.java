package dev.seunit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.apiguardian.api.API;

/**
 * A Java-built block with a forward pass that is not a plain sequence (skip connections, for
 * example) and that lets SEUnit observe and perturb the output of each child. Children of a
 * {@link ai.djl.nn.SequentialBlock} are traced without this interface.
 *
 * <p>Implement {@code forwardInternal} as {@code forward(parameterStore, inputs, LayerCalls.DIRECT)}
 * and call every child through {@code layers.call(name, child, ...)} inside it.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface TraceableBlock extends Block {

    NDList forward(ParameterStore parameterStore, NDList inputs, LayerCalls layers);
}
