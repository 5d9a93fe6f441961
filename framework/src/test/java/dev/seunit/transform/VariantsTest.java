package dev.seunit.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.seunit.campaign.Task;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.ParameterInfo;
import dev.seunit.perf.Throughput;
import dev.seunit.testing.TransformNets;

/** The entry point: variants of a small CNN trained on the synthetic task with ReLU and with Sigmoid. */
class VariantsTest {

    private static NDManager manager;
    private static SequentialBlock relu;
    private static SequentialBlock sigmoid;
    private static TransformNets.Data train;
    private static TransformNets.Data test;

    @BeforeAll
    static void train() {
        manager = NDManager.newBaseManager("PyTorch");
        train = TransformNets.data(manager, 384, 1);
        test = TransformNets.data(manager, 64, 2);
        Engine.getInstance().setRandomSeed(5);
        relu = TransformNets.seededCnn(manager, Activation::reluBlock, 32, 1);
        TransformNets.train(relu, train, 4, 0.01f);
        sigmoid = TransformNets.seededCnn(manager, () -> ActivationBlock.of(ActivationKind.SIGMOID), 32, 1);
        TransformNets.train(sigmoid, train, 6, 0.01f);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static VariantFactory factory() {
        return Variants.factory(relu).name("cnn").inputs(test.x()).labels(test.y());
    }

    @Test
    void theTrainedModelsLearnedTheTask() {
        assertThat(Accuracy.of(relu, test.x(), test.y(), Task.classification())).isGreaterThan(0.9);
        assertThat(Accuracy.of(sigmoid, test.x(), test.y(), Task.classification())).isGreaterThan(0.9);
    }

    @Test
    void aSwapWithoutRetrainingReportsTheAccuracyItLeaves() {
        try (VariantModel swapped = Variants.apply(relu, Variant.BASELINE.withActivation(ActivationKind.SIGMOID), test.x(),
                test.y())) {
            assertThat(swapped.activationSource()).isEqualTo(VariantModel.ActivationSource.SWAPPED);
            assertThat(swapped.accuracyMetric()).isEqualTo("top-1 accuracy against labels");
            assertThat(swapped.baselineAccuracy()).isGreaterThan(0.9);
            assertThat(swapped.accuracy()).isLessThan(swapped.baselineAccuracy() - 0.2);
            assertThat(swapped.notes()).singleElement().asString().contains("swapped to SIGMOID without retraining")
                    .contains(String.format(java.util.Locale.ROOT, "%.4f", swapped.accuracy()))
                    .contains("VariantFactory.trained");
            assertThat(swapped.toString()).contains("activation swapped without retraining");
        }
    }

    @Test
    void aRequiredAccuracyRejectsAUselessSwapAndSaysWhatToDo() {
        assertThatThrownBy(() -> factory().minAccuracy(0.9).create(Variant.BASELINE.withActivation(ActivationKind.SIGMOID)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cnn[activation=SIGMOID]")
                .hasMessageContaining("below the required 0.9000")
                .hasMessageContaining("supply a model trained with SIGMOID (VariantFactory.trained)");
    }

    @Test
    void aModelTrainedWithTheActivationIsUsedInsteadOfASwap() {
        try (VariantModel v = factory().trained(ActivationKind.SIGMOID, sigmoid).minAccuracy(0.9)
                .create(Variant.BASELINE.withActivation(ActivationKind.SIGMOID))) {
            assertThat(v.activationSource()).isEqualTo(VariantModel.ActivationSource.TRAINED);
            assertThat(v.block()).isSameAs(sigmoid);
            assertThat(v.notes()).isEmpty();
            assertThat(v.accuracy()).isGreaterThan(0.9);
        }
        // closing a variant that wraps a supplied model leaves the model usable
        assertThat(Accuracy.of(sigmoid, test.x(), test.y(), Task.classification())).isGreaterThan(0.9);
    }

    @Test
    void theModelAsGivenServesItsOwnActivationAndTheBaseline() {
        try (VariantModel same = factory().create(Variant.BASELINE.withActivation(ActivationKind.RELU));
                VariantModel baseline = factory().create(Variant.BASELINE)) {
            assertThat(same.activationSource()).isEqualTo(VariantModel.ActivationSource.AS_GIVEN);
            assertThat(same.block()).isSameAs(relu);
            assertThat(baseline.block()).isSameAs(relu);
            assertThat(baseline.name()).isEqualTo("cnn");
            assertThat(baseline.accuracy()).isEqualTo(baseline.baselineAccuracy());
        }
        assertThat(Accuracy.of(relu, test.x(), test.y(), Task.classification())).isGreaterThan(0.9);
    }

    @Test
    void everyDimensionCombinesInOneVariant() {
        Variant variant = new Variant(ActivationKind.SIGMOID, 50, Precision.INT8);
        try (VariantModel v = factory().trained(ActivationKind.SIGMOID, sigmoid).clipActivations(true)
                .fineTune(block -> TransformNets.train(block, train, 1, 0.005f)).create(variant);
                InjectableModel model = v.injectableModel()) {
            assertThat(v.name()).isEqualTo("cnn[activation=SIGMOID, pruned=50%, int8]");
            assertThat(v.variant()).isEqualTo(variant);
            assertThat(v.activationSource()).isEqualTo(VariantModel.ActivationSource.TRAINED);
            assertThat(v.pruning().orElseThrow().layers()).extracting(PruningReport.PrunedLayer::after)
                    .containsExactly(4L, 8L);
            assertThat(v.clipBounds()).containsOnlyKeys("03ActivationBlock", "07ActivationBlock");
            assertThat(v.clipBounds().values()).allSatisfy(b -> assertThat(b.upper()).isLessThanOrEqualTo(1f));
            assertThat(v.quantization().orElseThrow().layers()).hasSize(3);
            assertThat(model.parameters()).extracting(ParameterInfo::dataType).containsOnly(DataType.INT8, DataType.INT32);
            assertThat(model.parameter("05Conv2d_weight").shape()).isEqualTo(new Shape(8, 4, 3, 3));
            assertThat(v.pruning().orElseThrow().steps()).extracting(PruningReport.Step::percent)
                    .containsExactly(10, 20, 30, 40, 50);
            assertThat(v.accuracy()).isEqualTo(Accuracy.of(v.block(), test.x(), test.y(), Task.classification()))
                    .isEqualTo(v.quantization().orElseThrow().int8Accuracy());
            assertThat(v.quantization().orElseThrow().agreement()).isGreaterThan(0.9);
            System.out.println(v);
            assertThat(Activations.sites(v.block())).allSatisfy(s -> assertThat(s.block()).contains("clipped"));
            assertThat(sigmoid.getParameters().get("05Conv2d_weight").getArray().getShape()).isEqualTo(new Shape(16, 8, 3, 3));
        }
    }

    @Test
    void theThroughputOfAVariantIsMeasuredAfterWarmUp() {
        try (VariantModel int8 = factory().create(Variant.BASELINE.withPrecision(Precision.INT8))) {
            Throughput t = int8.throughput(test.x(), 3, 10);
            assertThat(t.batch()).isEqualTo(64);
            assertThat(t.runs()).isEqualTo(10);
            assertThat(t.fps()).isPositive();
            assertThat(t.medianMillis()).isPositive();
        }
    }

    /** A container DJL can run but SEUnit cannot rebuild: it has children and its own forward. */
    static final class Opaque extends AbstractBlock {
        private final Block inner = addChildBlock("inner", Linear.builder().setUnits(2).build());

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            return inner.forward(ps, inputs, training);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inner.getOutputShapes(inputShapes);
        }

        @Override
        protected void initializeChildBlocks(NDManager m, DataType dataType, Shape... inputShapes) {
            inner.initialize(m, dataType, inputShapes);
        }
    }

    @Test
    void aContainerThatCannotBeRebuiltIsNamedWithTheWayOut() {
        SequentialBlock net = new SequentialBlock().add(new Opaque()).add(Activation.reluBlock());
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
        assertThatThrownBy(() -> Variants.factory(net).inputs(manager.ones(new Shape(1, 3)))
                .create(Variant.BASELINE.withActivation(ActivationKind.TANH)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer 01Opaque")
                .hasMessageContaining("RebuildableBlock").hasMessageContaining("model source");
    }

    @Test
    void anUninitializedModelIsRejectedUpFront() {
        assertThatThrownBy(() -> Variants.factory(TransformNets.cnn(Activation::reluBlock)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not initialized")
                .hasMessageContaining("block.initialize");
    }

    @Test
    void aTorchScriptModelIsRejectedWithTheWayOut() throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of(VariantsTest.class.getResource("/torchscript/tiny_cnn.pt").toURI());
        try (InjectableModel torchScript = InjectableModel.loadTorchScript(file)) {
            assertThatThrownBy(() -> Variants.factory(torchScript.block())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("TorchScript model cannot be transformed")
                    .hasMessageContaining("one TorchScript file per variant");
        }
    }
}
