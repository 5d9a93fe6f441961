package dev.seunit.transform.internal;

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
 * A layer that computes from int8 weights and int32 biases, the only parameters it has, so a
 * campaign's faults hit exactly the integers an int8 accelerator stores. Scales are constants
 * of the layer, not parameters: on such hardware they are part of the compiled program (shifts
 * or fixed-point multipliers), not of the weight memory; were they float32 parameters, a flip
 * could make them Inf.
 *
 * <p>Forward: the input is quantized to int8 with the calibrated input scale (round, clamp to
 * [-128, 127]), multiplied with the int8 weights and added to the int32 bias (integer values,
 * exact in float32 while the sum stays below 2^24), then scaled by input scale x weight scale of
 * each output channel. Every step is finite for any stored bits, so no flip of these parameters
 * can produce Inf or NaN, and the clamp bounds what a corrupted input can pass on.
 */
abstract class AbstractQuantized extends AbstractBlock implements QuantizedLayer {

    protected final Parameter weight;
    protected final Parameter bias;
    protected final float inputScale;
    protected final float[] weightScales;
    /** input scale x weight scale, shaped to broadcast over the output's channel axis. */
    private final NDArray outputScale;

    AbstractQuantized(NDArray int8Weight, NDArray int32Bias, float inputScale, float[] weightScales, Shape scaleShape,
            NDManager manager) {
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(int8Weight.getShape()).optArray(int8Weight).optRequiresGrad(false).build());
        this.bias = int32Bias == null ? null
                : addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                        .optShape(int32Bias.getShape()).optArray(int32Bias).optRequiresGrad(false).build());
        this.inputScale = inputScale;
        this.weightScales = weightScales.clone();
        float[] out = new float[weightScales.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = inputScale * weightScales[c];
        }
        this.outputScale = manager.create(out, scaleShape);
    }

    @Override
    public float inputScale() {
        return inputScale;
    }

    @Override
    public float[] weightScales() {
        return weightScales.clone();
    }

    public NDArray int8Weight() {
        return weight.getArray();
    }

    /** The int32 bias, or null for a layer without one. */
    public NDArray int32Bias() {
        return bias == null ? null : bias.getArray();
    }

    static NDArray copyOf(NDArray array, NDManager manager) {
        NDArray copy = array.duplicate();
        copy.attach(manager);
        return copy;
    }

    /** The integer-valued product of int8 input and weights plus the int32 bias, as float32. */
    protected abstract NDArray accumulate(NDArray int8Input, NDArray int8Weight, NDArray int32Bias);

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray q = x.div(inputScale).round().clip(-128, 127);
        // read the integers at every call (faults change them in place); the float copies are
        // temporaries of this inference, not of the model's long-lived manager
        NDArray w = weight.getArray().toType(DataType.FLOAT32, false);
        w.attach(x.getManager());
        NDArray b = null;
        if (bias != null) {
            b = bias.getArray().toType(DataType.FLOAT32, false);
            b.attach(x.getManager());
        }
        NDArray acc = accumulate(q, w, b);
        return new NDList(acc.mul(outputScale));
    }

    @Override
    public float[] dequantizedWeights() {
        byte[] q = weight.getArray().toByteArray();
        int per = q.length / weightScales.length;
        float[] w = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            w[i] = q[i] * weightScales[i / per];
        }
        return w;
    }
}
