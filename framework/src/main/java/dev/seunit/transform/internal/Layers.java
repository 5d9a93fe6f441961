package dev.seunit.transform.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import java.lang.reflect.Field;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;

/** What SEUnit knows about DJL's standard layers: how to make a fresh one with the same configuration. */
@API(status = INTERNAL, since = "0.1")
public final class Layers {

    private Layers() {
    }

    public static boolean isConvolution(Block block) {
        return block instanceof Conv1d || block instanceof Conv2d || block instanceof Conv3d;
    }

    /** A fresh, uninitialized convolution like {@code c} with {@code filters} output channels. */
    public static Convolution convolutionLike(Convolution c, int filters) {
        if (c instanceof Conv1d) {
            return configure(Conv1d.builder(), c, filters).build();
        }
        if (c instanceof Conv3d) {
            return configure(Conv3d.builder(), c, filters).build();
        }
        if (c instanceof Conv2d) {
            return configure(Conv2d.builder(), c, filters).build();
        }
        throw new IllegalArgumentException("SEUnit copies Conv1d, Conv2d and Conv3d layers, not " + c.getClass().getName());
    }

    private static <B extends Convolution.ConvolutionBuilder<B>> B configure(B builder, Convolution c, int filters) {
        return builder.setKernelShape(c.getKernelShape()).optStride(c.getStride()).optPadding(c.getPadding())
                .optDilation(c.getDilation()).setFilters(filters).optGroups(c.getGroups()).optBias(c.isIncludeBias());
    }

    public static int units(Linear linear) {
        return (int) weight(linear).getShape().get(0);
    }

    /** A fresh, uninitialized linear layer like {@code l} with {@code units} outputs. */
    public static Linear linearLike(Linear l, int units) {
        return Linear.builder().setUnits(units).optBias(hasBias(l)).build();
    }

    public static Parameter weight(Block layer) {
        return layer.getDirectParameters().get("weight");
    }

    /** The bias parameter, or null for a layer built without one. */
    public static Parameter bias(Block layer) {
        return layer.getDirectParameters().keys().contains("bias") ? layer.getDirectParameters().get("bias") : null;
    }

    public static boolean hasBias(Block layer) {
        return bias(layer) != null;
    }

    /** The configuration DJL keeps private in a {@link BatchNorm}. */
    public record BatchNormConfig(int axis, float epsilon, float momentum, boolean center, boolean scale) {

        public static BatchNormConfig of(BatchNorm bn) {
            try {
                return new BatchNormConfig(field(bn, "axis").getInt(bn), field(bn, "epsilon").getFloat(bn),
                        field(bn, "momentum").getFloat(bn), field(bn, "center").getBoolean(bn),
                        field(bn, "scale").getBoolean(bn));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("cannot read the configuration of a DJL BatchNorm (axis, epsilon, "
                        + "momentum); this SEUnit version supports DJL 0.36: " + e, e);
            }
        }

        private static Field field(BatchNorm bn, String name) throws NoSuchFieldException {
            Field f = BatchNorm.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        }

        public BatchNorm newBlock() {
            return BatchNorm.builder().optAxis(axis).optEpsilon(epsilon).optMomentum(momentum).optCenter(center)
                    .optScale(scale).build();
        }
    }

    /** The named parameter of a batch norm layer (gamma, beta, runningMean, runningVar). */
    public static NDArray batchNormArray(BatchNorm bn, String name) {
        return bn.getDirectParameters().get(name).getArray();
    }

    /** A leaf with neither parameters nor children: it keeps no model state, so a variant may share it. */
    public static boolean isStateless(Block block) {
        return block.getChildren().isEmpty() && block.getParameters().isEmpty();
    }
}
