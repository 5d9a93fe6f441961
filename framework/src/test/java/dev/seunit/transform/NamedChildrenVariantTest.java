package dev.seunit.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;

import org.junit.jupiter.api.Test;

/** Variants of a SequentialBlock subclass that names its children itself keep those names. */
class NamedChildrenVariantTest {

    /** conv, bn, act added under their own names, not DJL's 01Conv2d. */
    static final class Stage extends SequentialBlock {
        Stage put(String name, Block block) {
            children.add(name, block);
            return this;
        }
    }

    @Test
    void prunedAndInt8VariantsKeepTheGivenChildNames() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SequentialBlock model = new SequentialBlock()
                    .add(new Stage().put("conv", Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build())
                            .put("bn", BatchNorm.builder().build()).put("act", Activation.reluBlock()))
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(3).build());
            model.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 6, 6));
            NDArray inputs = manager.randomUniform(0, 1, new Shape(8, 1, 6, 6));
            List<String> names = names(model);
            assertThat(names).contains("01Stage_conv_weight", "01Stage_bn_gamma");
            VariantFactory factory = Variants.factory(model).inputs(inputs).pruning(PruningMethod.WEIGHTS_MAGNITUDE);
            try (VariantModel pruned = factory.create(Variant.BASELINE.withPruning(50));
                    VariantModel int8 = factory.create(Variant.BASELINE.withPrecision(Precision.INT8))) {
                assertThat(names(pruned.block())).isEqualTo(names);
                // the batch norm inside the stage is folded into its convolution
                assertThat(names(int8.block())).containsExactly("01Stage_conv_weight", "01Stage_conv_bias", "03Linear_weight",
                        "03Linear_bias");
                assertThat(int8.quantization().orElseThrow().layers()).extracting(QuantizationReport.Layer::foldedBatchNorm)
                        .contains("01Stage_bn");
            }
        }
    }

    private static List<String> names(Block block) {
        return block.getParameters().stream().map(Pair::getKey).collect(Collectors.toList());
    }
}
