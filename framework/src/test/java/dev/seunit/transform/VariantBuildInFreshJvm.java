package dev.seunit.transform;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;

import dev.seunit.testing.TransformNets;

/**
 * Builds variants in a JVM of its own, for {@link EngineWarningsTest}: PyTorch prints each of
 * its warnings once per process, so only a fresh process shows whether building a variant
 * prints one. With the argument {@code control} it first writes an array with
 * {@code NDArray.set(float[])}, which does print PyTorch's warning (the test's proof that it
 * would see one).
 */
final class VariantBuildInFreshJvm {

    private VariantBuildInFreshJvm() {
    }

    public static void main(String[] args) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Engine.getInstance().setRandomSeed(3);
            SequentialBlock trained = TransformNets.cnn(Activation::reluBlock); // conv, batch norm, ReLU, ..., linear
            trained.initialize(manager, DataType.FLOAT32, new Shape(16, 1, TransformNets.SIDE, TransformNets.SIDE));
            TransformNets.Data data = TransformNets.data(manager, 16, 4);
            if (args.length > 0 && args[0].equals("control")) {
                NDArray any = trained.getParameters().valueAt(0).getArray();
                any.set(any.toFloatArray());
            }
            VariantFactory factory = Variants.factory(trained).inputs(data.x()).labels(data.y());
            try (VariantModel swappedPrunedInt8 = factory.create(new Variant(ActivationKind.HARD_SIGMOID, 50,
                    Precision.INT8));
                 VariantModel weightPruned = Variants.factory(trained).inputs(data.x()).labels(data.y())
                         .pruning(PruningMethod.WEIGHTS_MAGNITUDE).create(new Variant(ActivationKind.RELU, 50,
                                 Precision.FLOAT32))) {
                System.out.println("built " + swappedPrunedInt8.name() + " and " + weightPruned.name());
            }
        }
    }
}
