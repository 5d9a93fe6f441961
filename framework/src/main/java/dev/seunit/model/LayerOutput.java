package dev.seunit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.apiguardian.api.API;

/**
 * The output of one layer of a Java-built block for a batch of inputs: an activation site.
 *
 * @param shape the output shape including the batch dimension
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record LayerOutput(String layer, Shape shape, DataType dataType) {

    /** Elements per input (the shape without the batch dimension). */
    public long elementsPerInput() {
        return shape.size() / shape.get(0);
    }
}
