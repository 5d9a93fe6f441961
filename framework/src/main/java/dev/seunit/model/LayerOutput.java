package dev.seunit.model;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The output of one layer of a Java-built block for a batch of inputs: an activation site.
 *
 * @param shape the output shape including the batch dimension
 */
public record LayerOutput(String layer, Shape shape, DataType dataType) {

    /** Elements per input (the shape without the batch dimension). */
    public long elementsPerInput() {
        return shape.size() / shape.get(0);
    }
}
