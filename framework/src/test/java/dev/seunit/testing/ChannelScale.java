package dev.seunit.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A custom layer that multiplies each channel of an NCHW input by its own {@code weight}. With
 * {@code throughStore} it reads the weight from the parameter store it is given, as DJL's layers
 * do; without, from {@link Parameter#getArray()}, as a hand-written layer may: SEUnit must then
 * write a fault into the model to see its effect.
 */
public final class ChannelScale extends AbstractBlock {

    private final boolean throughStore;
    private final Parameter weight;

    public ChannelScale(boolean throughStore) {
        super((byte) 1);
        this.throughStore = throughStore;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = throughStore ? store.getValue(weight, x.getDevice(), training) : weight.getArray();
        return new NDList(x.mul(w));
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(1, inputShapes[0].get(1), 1, 1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
