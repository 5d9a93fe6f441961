package dev.seunit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.apiguardian.api.API;

/**
 * How a {@link TraceableBlock} calls its children. SEUnit passes an implementation that
 * records or perturbs each child's output; {@link #DIRECT} just runs the child.
 */
@API(status = EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface LayerCalls {

    /** Runs the child for inference. */
    LayerCalls DIRECT = (name, child, parameterStore, inputs) -> child.forward(parameterStore, inputs, false);

    /**
     * Runs {@code child} on {@code inputs}.
     *
     * @param childName the name the child was added under, so that its layer name matches its
     *     parameter names
     */
    NDList call(String childName, Block child, ParameterStore parameterStore, NDList inputs);
}
