package dev.seunit.examples.fashion;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;

import dev.seunit.examples.hsi.UNet;
import dev.seunit.transform.ActivationKind;

/**
 * A small CNN for Fashion-MNIST, as a plain DJL {@link SequentialBlock}: conv 3x3 (8) + batch
 * norm + activation + max pool, conv 3x3 (16) + batch norm + activation + max pool, flatten,
 * linear (10). 9,410 parameters. Trained by {@link TrainFashionCnn} once per activation; weights
 * shipped as {@code fashion-cnn-<activation>.params}.
 */
public final class FashionCnn {

    public static final ActivationKind[] TRAINED = {ActivationKind.RELU, ActivationKind.SIGMOID,
        ActivationKind.HARD_SIGMOID};

    private FashionCnn() {
    }

    public static SequentialBlock build(ActivationKind activation) {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                .add(BatchNorm.builder().build())
                .add(UNet.activationBlock(activation))
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(16).build())
                .add(BatchNorm.builder().build())
                .add(UNet.activationBlock(activation))
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(FashionMnist.CLASSES).build());
    }

    public static SequentialBlock initialized(NDManager manager, ActivationKind activation) {
        SequentialBlock cnn = build(activation);
        cnn.initialize(manager, DataType.FLOAT32, new Shape(1, 1, FashionMnist.SIZE, FashionMnist.SIZE));
        return cnn;
    }

    static String resource(ActivationKind activation) {
        return "dev/seunit/examples/fashion/fashion-cnn-" + stem(activation) + ".params";
    }

    static String stem(ActivationKind activation) {
        return activation.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The shipped CNN trained with {@code activation}. */
    public static SequentialBlock trained(NDManager manager, ActivationKind activation) {
        SequentialBlock cnn = initialized(manager, activation);
        String resource = resource(activation);
        try (InputStream in = FashionCnn.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no trained Fashion-MNIST CNN for " + activation + ": class-path resource "
                        + resource + " is missing (run dev.seunit.examples.fashion.TrainFashionCnn)");
            }
            cnn.loadParameters(manager, new DataInputStream(new BufferedInputStream(in)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException(resource + " does not hold Fashion-MNIST CNN weights: " + e.getMessage(), e);
        }
        return cnn;
    }

    /** Top-1 accuracy of {@code cnn} on {@code data}. */
    public static double accuracy(ai.djl.nn.Block cnn, FashionMnist.Data data) {
        try (NDManager scope = data.images().getManager().newSubManager()) {
            NDArray logits = cnn.forward(new ParameterStore(scope, false), new NDList(data.images()), false).head();
            int[] predicted = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
            int[] labels = data.labels().toIntArray();
            int right = 0;
            for (int i = 0; i < labels.length; i++) {
                right += predicted[i] == labels[i] ? 1 : 0;
            }
            return (double) right / labels.length;
        }
    }
}
