package dev.seunit.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.seunit.model.LayerCalls;
import dev.seunit.model.LayerOutput;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.RebuildableBlock;
import dev.seunit.model.internal.Tracer;
import dev.seunit.model.ParameterInfo;
import dev.seunit.model.TraceableBlock;
import dev.seunit.testing.TransformNets;

/** Activation layers: the functions, finding them, swapping them, and Ranger-style clipping, on real DJL blocks. */
class ActivationsTest {

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void hardSigmoidMatchesItsDefinitionAtAndAroundTheBreakpoints() {
        float[] x = {Float.NEGATIVE_INFINITY, -1000f, -6f, -3.5f, -3.001f, Math.nextDown(-3f), -3f, Math.nextUp(-3f),
            -2.999f, -1f, Math.nextDown(0f), 0f, 1f, 2.999f, Math.nextDown(3f), 3f, Math.nextUp(3f), 3.001f, 3.5f, 1000f,
            Float.POSITIVE_INFINITY};
        float[] y = ActivationBlock.apply(ActivationKind.HARD_SIGMOID, manager.create(x)).toFloatArray();

        for (int i = 0; i < x.length; i++) {
            float expected = Math.min(Math.max(x[i] + 3f, 0f), 6f) / 6f; // relu6(x + 3) / 6, in float32
            assertThat(y[i]).as("hard_sigmoid(%s)", x[i]).isEqualTo(expected);
        }
        // the breakpoints themselves and the midpoint
        assertThat(y[6]).as("hard_sigmoid(-3)").isZero();
        assertThat(y[15]).as("hard_sigmoid(3)").isEqualTo(1f);
        assertThat(y[11]).as("hard_sigmoid(0)").isEqualTo(0.5f);
        // just inside the breakpoints the function is already off its plateaus
        assertThat(y[7]).as("just above -3").isPositive();
        assertThat(y[12]).as("hard_sigmoid(2.999)").isLessThan(1f);
    }

    @Test
    void everyKindMatchesItsDefinitionInsideABlock() {
        float[] x = {-7f, -3f, -1f, -0.25f, 0f, 0.25f, 1f, 3f, 6f, 7f};
        for (ActivationKind kind : ActivationKind.values()) {
            SequentialBlock net = new SequentialBlock().add(ActivationBlock.of(kind));
            net.initialize(manager, DataType.FLOAT32, new Shape(x.length));
            float[] y = net.forward(new ParameterStore(manager, false), new NDList(manager.create(x)), false).head()
                    .toFloatArray();
            for (int i = 0; i < x.length; i++) {
                double v = x[i];
                double expected = switch (kind) {
                    case RELU -> Math.max(v, 0);
                    case RELU6 -> Math.min(Math.max(v, 0), 6);
                    case SIGMOID -> 1 / (1 + Math.exp(-v));
                    case HARD_SIGMOID -> Math.min(Math.max(v + 3, 0), 6) / 6;
                    case TANH -> Math.tanh(v);
                };
                assertThat((double) y[i]).as("%s(%s)", kind, v).isCloseTo(expected, within(1e-6));
            }
            if (kind.isBounded()) {
                for (float v : y) {
                    assertThat(v).as("%s is bounded", kind).isBetween(-1f, 6f);
                }
            }
        }
    }

    @Test
    void sitesAreTheRecognisedActivationLayersNamedAsCampaignsNameThem() {
        SequentialBlock inner = new SequentialBlock().add(Linear.builder().setUnits(4).build())
                .add(ActivationBlock.of(ActivationKind.TANH));
        SequentialBlock net = new SequentialBlock()
                .add(Linear.builder().setUnits(4).build())
                .add(Activation.reluBlock())
                .add(inner)
                .add(Activation.sigmoidBlock())
                .add(new LambdaBlock(l -> new NDList(Activation.relu6(l.head().add(3)).div(6)), "HardSigmoid"))
                .add(Activation.relu6Block())
                .add(Activation.geluBlock()) // not an ActivationKind: left alone
                .add(Activation.tanhBlock());
        net.initialize(manager, DataType.FLOAT32, new Shape(2, 3));

        List<ActivationSite> sites = Activations.sites(net);

        assertThat(sites).extracting(ActivationSite::layer).containsExactly("02LambdaBlock",
                "03SequentialBlock_02ActivationBlock", "04LambdaBlock", "05LambdaBlock", "06LambdaBlock", "08LambdaBlock");
        assertThat(sites).extracting(ActivationSite::kind).containsExactly(ActivationKind.RELU, ActivationKind.TANH,
                ActivationKind.SIGMOID, ActivationKind.HARD_SIGMOID, ActivationKind.RELU6, ActivationKind.TANH);
        assertThat(sites.get(0).block()).isEqualTo("LambdaBlock \"ReLU\"");
        try (InjectableModel model = InjectableModel.of(net)) {
            List<String> layers = model.layerOutputs(new NDList(manager.ones(new Shape(2, 3)))).stream()
                    .map(LayerOutput::layer).collect(Collectors.toList());
            assertThat(layers).containsAll(sites.stream().map(ActivationSite::layer).collect(Collectors.toList()));
        }
    }

    @Test
    void aSwapKeepsNamesAndValuesAndComputesWhatANetBuiltWithTheNewActivationComputes() {
        SequentialBlock relu = TransformNets.seededCnn(manager, Activation::reluBlock, 4, 11);
        SequentialBlock hardSigmoid = TransformNets.seededCnn(manager,
                () -> ActivationBlock.of(ActivationKind.HARD_SIGMOID), 4, 11);
        NDArray x = TransformNets.data(manager, 4, 3).x();
        try (InjectableModel original = InjectableModel.of("relu", relu);
                NDManager variantArrays = NDManager.newBaseManager("PyTorch")) {
            String checksum = original.checksum();
            float[] before = original.forward(new NDList(x)).head().toFloatArray();

            Block swapped = Activations.swap(relu, ActivationKind.HARD_SIGMOID, variantArrays);

            assertThat(Activations.sites(swapped)).extracting(ActivationSite::layer)
                    .containsExactly("03LambdaBlock", "07LambdaBlock");
            assertThat(Activations.sites(swapped)).extracting(ActivationSite::kind)
                    .containsOnly(ActivationKind.HARD_SIGMOID);
            assertThat(Activations.sites(relu)).extracting(ActivationSite::kind).containsOnly(ActivationKind.RELU);
            try (InjectableModel variant = InjectableModel.of("swapped", swapped);
                    InjectableModel reference = InjectableModel.of("built", hardSigmoid)) {
                assertThat(variant.parameters()).extracting(ParameterInfo::name)
                        .containsExactlyElementsOf(original.parameters().stream().map(ParameterInfo::name).toList());
                for (ParameterInfo p : original.parameters()) {
                    assertThat(variant.values(variant.parameter(p.name()))).as(p.name()).containsExactly(original.values(p));
                }
                assertThat(variant.forward(new NDList(x)).head().toFloatArray())
                        .containsExactly(reference.forward(new NDList(x)).head().toFloatArray());
                // the variant's arrays are its own: writing one leaves the original as it was
                variant.writeWord(variant.parameter("01Conv2d_weight"), 0, 0x7f800000L);
                assertThat(original.checksum()).isEqualTo(checksum);
                assertThat(original.forward(new NDList(x)).head().toFloatArray()).containsExactly(before);
            }
        }
    }

    @Test
    void clippingBoundsAreTheProfiledRangesAndChangeNothingOnTheProfiledInputs() {
        SequentialBlock relu = TransformNets.seededCnn(manager, Activation::reluBlock, 16, 5);
        NDArray x = TransformNets.data(manager, 16, 9).x();
        Map<String, float[]> observed = new HashMap<>();
        try (InjectableModel model = InjectableModel.of(relu)) {
            Tracer.forward(model, new NDList(x), (Tracer.Hook) (layer, out) -> {
                if (layer.equals("03LambdaBlock") || layer.equals("07LambdaBlock")) {
                    observed.put(layer, new float[] {out.head().min().getFloat(), out.head().max().getFloat()});
                }
                return out;
            });
        }

        Map<String, ActivationBounds> bounds = Activations.profile(relu, new NDList(x));

        assertThat(bounds).containsOnlyKeys("03LambdaBlock", "07LambdaBlock");
        bounds.forEach((layer, b) -> {
            assertThat(b.lower()).as("lower bound of %s", layer).isEqualTo(observed.get(layer)[0]).isZero();
            assertThat(b.upper()).as("upper bound of %s", layer).isEqualTo(observed.get(layer)[1]).isPositive();
        });

        try (NDManager variantArrays = NDManager.newBaseManager("PyTorch")) {
            Block clipped = Activations.clip(relu, bounds, variantArrays);
            try (InjectableModel original = InjectableModel.of(relu); InjectableModel variant = InjectableModel.of(clipped)) {
                assertThat(variant.forward(new NDList(x)).head().toFloatArray())
                        .containsExactly(original.forward(new NDList(x)).head().toFloatArray());
                // ten times brighter inputs push activations beyond the profiled range: the clip holds them
                NDArray bright = x.mul(10);
                Tracer.forward(variant, new NDList(bright), (Tracer.Hook) (layer, out) -> {
                    ActivationBounds b = bounds.get(layer);
                    if (b != null) {
                        assertThat(out.head().max().getFloat()).as(layer).isLessThanOrEqualTo(b.upper());
                    }
                    return out;
                });
                float[] maxUnclipped = {0};
                Tracer.forward(original, new NDList(bright), (Tracer.Hook) (layer, out) -> {
                    if (layer.equals("07LambdaBlock")) {
                        maxUnclipped[0] = out.head().max().getFloat();
                    }
                    return out;
                });
                assertThat(maxUnclipped[0]).isGreaterThan(bounds.get("07LambdaBlock").upper());
            }
        }
    }

    @Test
    void clippingAnUnknownLayerListsTheActivationLayers() {
        SequentialBlock relu = TransformNets.seededCnn(manager, Activation::reluBlock, 2, 5);
        assertThatThrownBy(() -> Activations.clip(relu, Map.of("05Conv2d", new ActivationBounds("05Conv2d", 0, 1)),
                manager)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no activation layer 05Conv2d")
                .hasMessageContaining("[03LambdaBlock, 07LambdaBlock]");
    }

    @Test
    void aModelWithoutActivationLayersSaysHowToMarkThem() {
        SequentialBlock net = new SequentialBlock().add(Linear.builder().setUnits(2).build())
                .add(new LambdaBlock(l -> l, "mystery"));
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
        assertThatThrownBy(() -> Activations.swap(net, ActivationKind.SIGMOID, manager))
                .hasMessageContaining("no activation layer").hasMessageContaining("ActivationBlock.of(kind)");
    }

    /** y = act(conv(x)) + x: a skip connection, traceable and rebuildable. */
    static final class Residual extends AbstractBlock implements TraceableBlock, RebuildableBlock {
        private final Block conv;
        private final Block act;

        Residual(Block conv, Block act) {
            this.conv = addChildBlock("conv", conv);
            this.act = addChildBlock("act", act);
        }

        static Residual of(Block act) {
            return new Residual(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(1)
                    .build(), act);
        }

        @Override
        public NDList forward(ParameterStore ps, NDList inputs, LayerCalls layers) {
            // DJL keys children 01conv, 02act: layer names match parameter names (01Residual_01conv_weight)
            NDList y = layers.call("02act", act, ps, layers.call("01conv", conv, ps, inputs));
            return new NDList(y.head().add(inputs.head()));
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            return forward(ps, inputs, LayerCalls.DIRECT);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            conv.initialize(manager, dataType, inputShapes);
            act.initialize(manager, dataType, inputShapes);
        }

        @Override
        public Block rebuild(java.util.function.BiFunction<String, Block, Block> children) {
            return new Residual(children.apply("conv", conv), children.apply("act", act));
        }
    }

    @Test
    void aRebuildableCustomBlockIsSwappedInsideAndKeepsItsSkipConnection() {
        SequentialBlock net = new SequentialBlock().add(Residual.of(Activation.reluBlock()))
                .add(Residual.of(Activation.reluBlock()));
        net.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 4, 4));
        NDArray x = manager.randomNormal(new Shape(2, 1, 4, 4));
        try (NDManager variantArrays = NDManager.newBaseManager("PyTorch")) {
            Block tanh = Activations.swap(net, ActivationKind.TANH, variantArrays);

            assertThat(Activations.sites(tanh)).extracting(ActivationSite::layer)
                    .containsExactly("01Residual_02act", "02Residual_02act");
            // by hand: the same convolutions with tanh and the skip connection
            NDArray expected = x;
            for (int i = 1; i <= 2; i++) {
                NDArray w = net.getParameters().get("0" + i + "Residual_01conv_weight").getArray();
                NDArray b = net.getParameters().get("0" + i + "Residual_01conv_bias").getArray();
                expected = Activation.tanh(Conv2d.conv2d(expected, w, b, new Shape(1, 1), new Shape(1, 1)).head())
                        .add(expected);
            }
            try (InjectableModel variant = InjectableModel.of(tanh)) {
                float[] actual = variant.forward(new NDList(x)).head().toFloatArray();
                float[] wanted = expected.toFloatArray();
                for (int i = 0; i < wanted.length; i++) {
                    assertThat(actual[i]).isCloseTo(wanted[i], within(1e-5f));
                }
                assertThat(variant.layerOutputs(new NDList(x))).extracting(LayerOutput::layer)
                        .containsExactly("01Residual_01conv", "01Residual_02act", "02Residual_01conv", "02Residual_02act");
            }
        }
    }
}
