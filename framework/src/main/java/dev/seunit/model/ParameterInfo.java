package dev.seunit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.apiguardian.api.API;

import dev.seunit.fault.NumberFormat;

/**
 * One parameter tensor of a model under test.
 *
 * @param name the name DJL gives the parameter (e.g. {@code 01Conv2d_weight} or {@code conv1.weight})
 * @param layer the layer that owns it (the name without the parameter's own suffix)
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ParameterInfo(String name, String layer, ParameterKind kind, Shape shape, DataType dataType) {

    public long elementCount() {
        return shape.size();
    }

    public NumberFormat format() {
        return NumberFormat.of(dataType);
    }

    @Override
    public String toString() {
        return name + " " + kind + " " + shape + " " + dataType;
    }
}
