package dev.seunit.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.Execution;
import dev.seunit.campaign.FaultTarget;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.campaign.Task;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.ParameterInfo;
import dev.seunit.transform.ActivationKind;
import dev.seunit.transform.Activations;
import dev.seunit.transform.Precision;
import dev.seunit.transform.PruningMethod;
import dev.seunit.transform.PruningReport;
import dev.seunit.transform.QuantizationReport;
import dev.seunit.transform.Variant;
import dev.seunit.transform.VariantModel;
import dev.seunit.transform.Variants;

/**
 * The transformations on imported graphs: an activation swap, L1 channel pruning within the
 * graph's runs of layers (a convolution, its batch norm and ReLU, the next convolution), weight
 * magnitude pruning, and int8 with each batch norm folded into the convolution before it. A
 * variant keeps the original's layer and parameter names, so campaigns select it the same way;
 * where nothing can be pruned the error names the node that stops it.
 */
class OnnxVariantsTest {

    private static NDManager manager;
    private static InjectableModel resnet;
    private static InjectableModel segnet;
    private static NDArray resnetInputs;

    @BeforeAll
    static void load() {
        manager = NDManager.newBaseManager("PyTorch");
        resnet = InjectableModel.loadOnnx(OnnxZoo.get("resnet18").file());
        segnet = InjectableModel.loadOnnx(OnnxZoo.get("segnet").file());
        resnetInputs = OnnxZoo.get("resnet18").inputs(manager);
    }

    @AfterAll
    static void close() {
        resnet.close();
        segnet.close();
        manager.close();
    }

    private static VariantModel variant(Variant variant, PruningMethod pruning) {
        return Variants.factory(resnet.block()).name("resnet18").inputs(resnetInputs).pruning(pruning).create(variant);
    }

    @Test
    void theActivationSwapReplacesEveryReluNode() {
        assertThat(Activations.sites(resnet.block())).hasSize(17).allMatch(s -> s.kind() == ActivationKind.RELU)
                .anyMatch(s -> s.layer().equals("/layer1/layer1.0/relu/Relu"));
        try (VariantModel swapped = variant(Variant.BASELINE.withActivation(ActivationKind.RELU6),
                PruningMethod.CHANNELS_L1)) {
            assertThat(Activations.sites(swapped.block())).hasSize(17).allMatch(s -> s.kind() == ActivationKind.RELU6);
            assertThat(swapped.injectableModel().parameters()).extracting(ParameterInfo::name)
                    .isEqualTo(resnet.parameters().stream().map(ParameterInfo::name).toList());
            assertThat(swapped.accuracy()).as("ReLU6 keeps most predictions of a ReLU net").isGreaterThan(0.4);
            assertCampaignRuns(swapped.injectableModel(), resnetInputs, FaultTarget.ACTIVATIONS);
        }
    }

    @Test
    void channelPruningRemovesChannelsWithinRunsOfLayers() {
        try (VariantModel pruned = variant(Variant.BASELINE.withPruning(50), PruningMethod.CHANNELS_L1)) {
            PruningReport report = pruned.pruning().orElseThrow();
            // inside each residual block: conv1 -> bn1 -> relu -> conv2; the block outputs meet at an Add
            assertThat(report.layers()).extracting(PruningReport.PrunedLayer::layer)
                    .contains("/layer1/layer1.0/conv1/Conv", "/layer4/layer4.1/conv1/Conv");
            assertThat(report.layers()).allMatch(l -> l.after() == l.before() / 2);
            assertThat(report.keptWhole()).containsKey("/layer1/layer1.0/conv2/Conv");
            InjectableModel model = pruned.injectableModel();
            assertThat(model.parameter("layer1.0.conv1.weight").shape().get(0)).isEqualTo(4);
            assertThat(model.parameter("layer1.0.bn1.running_var").shape().get(0)).isEqualTo(4);
            assertThat(model.parameter("layer1.0.conv2.weight").shape().get(1)).isEqualTo(4);
            assertThat(model.forward(new NDList(resnetInputs)).head().getShape()).isEqualTo(resnet.block()
                    .getOutputShapes(new ai.djl.ndarray.types.Shape[] {resnetInputs.getShape()})[0]);
            assertCampaignRuns(model, resnetInputs, FaultTarget.PARAMETERS);
        }
    }

    @Test
    void magnitudePruningZeroesTheSmallestWeights() {
        try (VariantModel pruned = variant(Variant.BASELINE.withPruning(30), PruningMethod.WEIGHTS_MAGNITUDE)) {
            PruningReport report = pruned.pruning().orElseThrow();
            assertThat(report.sparsityAfter()).isGreaterThan(0.2);
            assertThat(pruned.injectableModel().parameter("layer2.1.conv2.weight")).isNotNull();
            assertCampaignRuns(pruned.injectableModel(), resnetInputs, FaultTarget.PARAMETERS);
        }
    }

    @Test
    void int8FoldsEachBatchNormIntoItsConvolution() {
        try (VariantModel int8 = variant(Variant.BASELINE.withPrecision(Precision.INT8), PruningMethod.CHANNELS_L1)) {
            QuantizationReport report = int8.quantization().orElseThrow();
            assertThat(report.layers()).hasSize(21); // 20 convolutions and fc
            assertThat(report.layers()).filteredOn(l -> l.layer().equals("/layer1/layer1.0/conv1/Conv"))
                    .extracting(QuantizationReport.Layer::foldedBatchNorm)
                    .containsExactly("/layer1/layer1.0/bn1/BatchNormalization");
            assertThat(report.floatLayers()).isEmpty();
            float[] f = resnet.forward(new NDList(resnetInputs)).head().toFloatArray();
            float[] q = int8.injectableModel().forward(new NDList(resnetInputs)).head().toFloatArray();
            double largest = 0;
            double error = 0;
            for (int i = 0; i < f.length; i++) {
                largest = Math.max(largest, Math.abs(f[i]));
                error = Math.max(error, Math.abs(q[i] - f[i]));
            }
            // the logits stay close (the briefly trained net's top classes are close calls: agreement is no measure here)
            assertThat(error).as("largest int8 error of a logit").isLessThan(0.2 * largest);
            assertThat(int8.injectableModel().parameters()).anyMatch(p -> p.name().equals("layer1.0.conv1.weight")
                    && p.format() == dev.seunit.fault.NumberFormat.INT8);
            assertCampaignRuns(int8.injectableModel(), resnetInputs, FaultTarget.PARAMETERS);
        }
    }

    @Test
    void channelPruningSaysWhichNodeStopsIt() {
        NDArray inputs = OnnxZoo.get("segnet").inputs(manager);
        // every segnet convolution feeds a LeakyReLU, a Sigmoid gate or a Resize: no channel can be followed
        assertThatThrownBy(() -> Variants.factory(segnet.block()).inputs(inputs).task(Task.segmentation())
                .create(Variant.BASELINE.withPruning(50)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("can remove no channel")
                .hasMessageContaining("/down1/Conv").hasMessageContaining("LeakyReLU")
                .hasMessageContaining("WEIGHTS_MAGNITUDE");
    }

    private static void assertCampaignRuns(InjectableModel model, NDArray inputs, FaultTarget target) {
        try (GoldenRun golden = GoldenRun.of(model, inputs)) {
            CampaignResult result = Campaign.builder(golden).target(target).budget(Budget.count(60)).seed(5)
                    .execution(Execution.FAST).progress(ProgressListener.NONE).build().run();
            assertThat(result.records()).hasSize(60);
        }
    }
}
