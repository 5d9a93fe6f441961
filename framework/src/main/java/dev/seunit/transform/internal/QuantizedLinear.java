package dev.seunit.transform.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

/** An int8 fully connected layer (see {@link AbstractQuantized}), like DJL's {@link Linear}. */
@API(status = INTERNAL, since = "0.1")
public final class QuantizedLinear extends AbstractQuantized {

    private QuantizedLinear(NDArray int8Weight, NDArray int32Bias, float inputScale, float[] weightScales,
            NDManager manager) {
        super(int8Weight, int32Bias, inputScale, weightScales, new Shape(weightScales.length), manager);
    }

    /** Quantizes {@code linear} whose (batch-norm folded) weights and bias are given; arrays belong to {@code manager}. */
    public static QuantizedLinear of(Linear linear, float[] weights, float[] bias, float inputScale, NDManager manager) {
        Shape shape = Layers.weight(linear).getArray().getShape();
        Int8.Weights q = Int8.weights(weights, (int) shape.get(0));
        return new QuantizedLinear(manager.create(q.values(), shape),
                bias == null ? null : manager.create(Int8.bias(bias, inputScale, q.scales())), inputScale, q.scales(),
                manager);
    }

    @Override
    public QuantizedLinear copy(NDManager manager) {
        return new QuantizedLinear(copyOf(int8Weight(), manager),
                int32Bias() == null ? null : copyOf(int32Bias(), manager), inputScale, weightScales, manager);
    }

    @Override
    protected NDArray accumulate(NDArray input, NDArray weight, NDArray bias) {
        return Linear.linear(input, weight, bias).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(weightScales.length)};
    }
}
