package dev.seunit.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.Outcome;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.fault.BitSelection;
import dev.seunit.fault.FaultModel;
import dev.seunit.fault.NumberFormat;
import dev.seunit.model.LayerOutput;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.ParameterInfo;
import dev.seunit.model.ParameterKind;
import dev.seunit.transform.internal.QuantizedLayer;
import dev.seunit.testing.TransformNets;

/**
 * Int8 post-training quantization of a conv + batch norm net with set weights (BN gammas in
 * [1, 1.5): the float model has parameters one MSB flip away from Inf), on the real PyTorch engine.
 */
class QuantizationTest {

    private static final Variant INT8 = Variant.BASELINE.withPrecision(Precision.INT8);

    private NDManager manager;
    private SequentialBlock net;
    private TransformNets.Data data;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager("PyTorch");
        net = TransformNets.seededCnn(manager, Activation::reluBlock, 8, 21);
        data = TransformNets.data(manager, 8, 4);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void weightsAreStoredAsInt8AndBiasesAsInt32AndNothingElse() {
        try (VariantModel int8 = Variants.apply(net, INT8, data.x(), data.y()); InjectableModel model = int8.injectableModel()) {
            assertThat(model.parameters()).extracting(ParameterInfo::name).containsExactly("01Conv2d_weight",
                    "01Conv2d_bias", "05Conv2d_weight", "05Conv2d_bias", "09Linear_weight", "09Linear_bias");
            for (ParameterInfo p : model.parameters()) {
                assertThat(p.dataType()).as(p.name()).isEqualTo(p.kind() == ParameterKind.WEIGHT ? DataType.INT8
                        : DataType.INT32);
                assertThat(p.format().isFloatingPoint()).isFalse();
            }
            assertThat(int8.quantization().orElseThrow().layers()).extracting(QuantizationReport.Layer::foldedBatchNorm)
                    .containsExactly("02BatchNorm", "06BatchNorm", null);
            assertThat(int8.quantization().orElseThrow().floatLayers()).isEmpty();
            // the folded batch norms stay as identity layers: layer names match the float model's
            try (InjectableModel original = InjectableModel.of(net)) {
                assertThat(model.layerOutputs(new NDList(data.x()))).extracting(LayerOutput::layer)
                        .containsExactlyElementsOf(original.layerOutputs(new NDList(data.x())).stream()
                                .map(LayerOutput::layer).toList());
            }
        }
    }

    @Test
    void int8RoundTripOfEveryFoldedWeightIsWithinHalfItsScale() {
        try (VariantModel int8 = Variants.apply(net, INT8, data.x(), data.y())) {
            for (QuantizationReport.Layer layer : int8.quantization().orElseThrow().layers()) {
                float[] folded = foldedWeights(layer.layer(), layer.foldedBatchNorm());
                Block quantized = child(int8.block(), layer.layer());
                float[] roundTrip = ((QuantizedLayer) quantized).dequantizedWeights();
                float[] scales = layer.weightScales();
                int per = folded.length / scales.length;
                for (int i = 0; i < folded.length; i++) {
                    float scale = scales[i / per];
                    assertThat(Math.abs(roundTrip[i] - (double) folded[i])).as("%s weight %d (scale %s)", layer.layer(), i,
                            scale).isLessThanOrEqualTo(scale / 2 * (1 + 1e-6));
                }
                // the scale is the largest magnitude of the channel over 127
                for (int c = 0; c < scales.length; c++) {
                    float max = 0;
                    for (int k = 0; k < per; k++) {
                        max = Math.max(max, Math.abs(folded[c * per + k]));
                    }
                    assertThat(scales[c]).isCloseTo(max / 127f, org.assertj.core.api.Assertions.withinPercentage(1e-4));
                }
                assertThat(layer.maxWeightError()).isLessThanOrEqualTo(0.5 + 1e-6);
            }
        }
    }

    /** conv weights x gamma / sqrt(var + eps), per output channel, computed here from the float model. */
    private float[] foldedWeights(String layer, String batchNorm) {
        float[] w = net.getParameters().get(layer + "_weight").getArray().toFloatArray();
        if (batchNorm == null) {
            return w;
        }
        float[] gamma = net.getParameters().get(batchNorm + "_gamma").getArray().toFloatArray();
        float[] var = net.getParameters().get(batchNorm + "_runningVar").getArray().toFloatArray();
        int per = w.length / gamma.length;
        float[] folded = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            int c = i / per;
            folded[i] = (float) (w[i] * gamma[c] / Math.sqrt(var[c] + 1e-5));
        }
        return folded;
    }

    private static Block child(Block model, String name) {
        return model.getChildren().stream().filter(p -> p.getKey().equals(name)).findFirst().orElseThrow().getValue();
    }

    @Test
    void theInt8ModelComputesWhatTheFloatModelDoesAndReportsBothAccuracies() {
        try (VariantModel int8 = Variants.apply(net, INT8, data.x(), null);
                InjectableModel quantized = int8.injectableModel(); InjectableModel original = InjectableModel.of(net)) {
            float[] expected = original.forward(new NDList(data.x())).head().toFloatArray();
            float[] actual = quantized.forward(new NDList(data.x())).head().toFloatArray();
            double range = 0;
            double error = 0;
            for (int i = 0; i < expected.length; i++) {
                range = Math.max(range, Math.abs(expected[i]));
                error = Math.max(error, Math.abs(actual[i] - expected[i]));
            }
            assertThat(error).as("largest output error of the int8 model").isLessThan(0.05 * range).isPositive();
            QuantizationReport report = int8.quantization().orElseThrow();
            // without labels, accuracy is agreement with the float model's predictions
            assertThat(report.floatAccuracy()).isEqualTo(1.0);
            assertThat(report.int8Accuracy()).isEqualTo(report.agreement()).isGreaterThanOrEqualTo(0.75);
            assertThat(int8.accuracy()).isEqualTo(report.int8Accuracy());
            assertThat(int8.accuracyMetric()).contains("agreement");
        }
    }

    @Test
    void int8WordsAreReadWrittenAndRestoredInPlace() {
        try (VariantModel int8 = Variants.apply(net, INT8, data.x(), data.y()); InjectableModel model = int8.injectableModel()) {
            ParameterInfo weight = model.parameter("05Conv2d_weight");
            ParameterInfo bias = model.parameter("05Conv2d_bias");
            String checksum = model.checksum();
            float[] golden = model.forward(new NDList(data.x())).head().toFloatArray();
            long word = model.readWord(weight, 7);
            assertThat(model.readValue(weight, 7)).isEqualTo((double) (byte) word).isBetween(-127.0, 127.0);

            model.writeWord(weight, 7, word ^ 0x80); // the int8 MSB (sign) bit
            assertThat(model.readWord(weight, 7)).isEqualTo(word ^ 0x80);
            assertThat(model.readValue(weight, 7)).isEqualTo(NumberFormat.INT8.decode(word ^ 0x80));
            float[] faulty = model.forward(new NDList(data.x())).head().toFloatArray();
            assertThat(faulty).isNotEqualTo(golden);
            model.writeWord(weight, 7, word);

            long b = model.readWord(bias, 3);
            model.writeWord(bias, 3, b ^ 0x80000000L); // int32 sign bit: +-2^31 units, still finite
            assertThat(model.readValue(bias, 3)).isEqualTo(NumberFormat.INT32.decode(b ^ 0x80000000L));
            for (float v : model.forward(new NDList(data.x())).head().toFloatArray()) {
                assertThat(v).isFinite();
            }
            model.writeWord(bias, 3, b);

            assertThat(model.checksum()).isEqualTo(checksum);
            assertThat(model.forward(new NDList(data.x())).head().toFloatArray()).containsExactly(golden);
        }
    }

    @Test
    void tenThousandRandomFlipsOnTheInt8ModelNeverGiveANonFiniteOutputWhileTheFloatModelsDo() {
        // conv (1 -> 8) + BN + ReLU + linear (512 -> 3): 1608 int8 weights, 12,864 int8 bits + 11 int32 biases
        SequentialBlock small = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                .add(BatchNorm.builder().build()).add(Activation.reluBlock()).add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(3).build());
        TransformNets.setWeights(small, manager, new Shape(4, 1, 8, 8), 5);
        NDArray x = TransformNets.data(manager, 4, 6).x();
        CampaignResult floatResult;
        try (InjectableModel model = InjectableModel.of("float", small); GoldenRun golden = GoldenRun.of(model, x)) {
            floatResult = campaign(golden, 4_000); // the same campaign, shorter: it only has to show DUEs exist
        }
        CampaignResult int8Result;
        try (VariantModel int8 = Variants.apply(small, INT8, x, null); InjectableModel model = int8.injectableModel();
                GoldenRun golden = GoldenRun.of(model, x)) {
            int8Result = campaign(golden, 10_000);
        }

        assertThat(int8Result.injections()).isEqualTo(10_000);
        assertThat(int8Result.count(Outcome.DUE)).isZero();
        assertThat(int8Result.records()).allSatisfy(r -> assertThat(r.nonFinite()).isZero());
        assertThat(int8Result.records()).extracting(r -> r.fault().format())
                .containsOnly(NumberFormat.INT8, NumberFormat.INT32);
        assertThat(int8Result.count(Outcome.MASKED) + int8Result.count(Outcome.BENIGN)).isPositive();

        assertThat(floatResult.injections()).isEqualTo(4_000);
        assertThat(floatResult.count(Outcome.DUE)).isPositive();
        List<InjectionRecord> msbOfOneToTwo = floatResult.records().stream()
                .filter(r -> r.fault().bits().length == 1 && r.fault().bits()[0] == 30 && Math.abs(r.valueBefore()) >= 1
                        && Math.abs(r.valueBefore()) < 2)
                .toList();
        assertThat(msbOfOneToTwo).as("MSB flips of values in [1, 2)").isNotEmpty()
                .allSatisfy(r -> assertThat(Double.isFinite(r.valueAfter())).as("%s is finite", r.valueAfter()).isFalse());
        System.out.printf("float (4,000 flips) %s (%.0f inj/s); int8 (10,000 flips) %s (%.0f inj/s)%n", floatResult.counts(),
                floatResult.injectionsPerSecond(), int8Result.counts(), int8Result.injectionsPerSecond());
    }

    private static CampaignResult campaign(GoldenRun golden, int flips) {
        return Campaign.builder(golden).faultModel(FaultModel.bitFlip()).bits(BitSelection.ALL)
                .budget(Budget.count(flips)).seed(2024).progress(ProgressListener.NONE).build().run();
    }

    @Test
    void quantizingWithoutCalibrationInputsSaysWhatIsMissing() {
        assertThatThrownBy(() -> Variants.factory(net).create(INT8)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs calibration inputs").hasMessageContaining("inputs(...)");
        assertThat(net.getParameters().get("01Conv2d_weight").getArray().getDataType()).isEqualTo(DataType.FLOAT32);
    }

    @Test
    void theFloatModelIsLeftAsItWas() {
        try (InjectableModel original = InjectableModel.of(net)) {
            String before = original.checksum();
            NDArray out = original.forward(new NDList(data.x())).head();
            float[] expected = out.toFloatArray();
            try (VariantModel int8 = Variants.apply(net, INT8, data.x(), data.y())) {
                assertThat(int8.block()).isNotSameAs(net);
            }
            assertThat(original.checksum()).isEqualTo(before);
            assertThat(original.forward(new NDList(data.x())).head().toFloatArray()).containsExactly(expected);
        }
    }
}
