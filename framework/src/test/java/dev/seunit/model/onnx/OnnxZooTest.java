package dev.seunit.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.Outcome;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultScenario;
import dev.seunit.fault.FaultSite;
import dev.seunit.fault.NumberFormat;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.LayerOutput;
import dev.seunit.model.ParameterInfo;
import dev.seunit.model.ParameterKind;

/**
 * The ONNX zoo (resources/onnx, exported by PyTorch with make_zoo.py) imported into DJL blocks:
 * each model computes PyTorch's output, and PyTorch's output under its three stated weight faults
 * when SEUnit injects them, to 1e-5 absolute plus 1e-4 relative (not bit for bit: the files were
 * made on another machine, whose vector kernels sum in another order); every parameter can be
 * faulted and every node's output too, and the model is unchanged afterwards.
 */
class OnnxZooTest {

    private static OnnxZoo.Loaded loaded;

    @BeforeAll
    static void load() {
        loaded = new OnnxZoo.Loaded();
    }

    @AfterAll
    static void close() {
        loaded.close();
    }

    static Stream<OnnxZoo.Entry> zoo() {
        return OnnxZoo.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zoo")
    void theImportedModelComputesPyTorchsOutput(OnnxZoo.Entry entry) {
        GoldenRun golden = loaded.golden(entry.name());
        assertThat(golden.outputShape()).isEqualTo(entry.outputShape());
        assertThat(OnnxZoo.mismatch(entry.golden(), golden.output())).isNull();
    }

    static Stream<Arguments> faults() {
        return OnnxZoo.all().stream().flatMap(e -> e.faults().stream().map(f -> Arguments.of(e, f)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("faults")
    void aStatedFaultGivesPyTorchsFaultyOutput(OnnxZoo.Entry entry, OnnxZoo.Fault fault) {
        InjectableModel model = loaded.model(entry.name());
        GoldenRun golden = loaded.golden(entry.name());
        ParameterInfo info = model.parameter(fault.parameter());
        FaultScenario scenario = FaultScenario.of(Fault.bitFlip(FaultSite.parameter(fault.parameter(), info.layer(),
                fault.flatIndex()), NumberFormat.FLOAT32, fault.bit()));
        String checksum = model.checksum();

        assertThat(model.readWord(info, fault.flatIndex())).isEqualTo(Long.decode(fault.valueBeforeHex()));
        assertThat(OnnxZoo.mismatch(fault.output(), golden.outputUnder(scenario))).isNull();
        InjectionRecord record = Campaign.builder(golden).progress(ProgressListener.NONE).build().inject(0, scenario);
        assertThat(record.wordsAfter()).containsExactly(Long.decode(fault.valueAfterHex()));
        assertThat(record.outcome()).isNotEqualTo(Outcome.MASKED);
        assertThat(model.checksum()).isEqualTo(checksum);
    }

    @Test
    void parametersAreNamedAfterTheOnnxTensorsAsInPyTorchsStateDict() {
        InjectableModel resnet = loaded.model("resnet18");
        // exported with training=PRESERVE: every state_dict float tensor, by name, including the
        // batch-norm statistics torch.onnx shares between layers (as Identity nodes) when they are equal
        assertThat(resnet.selectParameters("layer1.0.conv1*")).extracting(ParameterInfo::name)
                .containsExactly("layer1.0.conv1.weight");
        assertThat(resnet.selectParameters("layer4.1.bn2.*")).extracting(ParameterInfo::name).containsExactlyInAnyOrder(
                "layer4.1.bn2.weight", "layer4.1.bn2.bias", "layer4.1.bn2.running_mean", "layer4.1.bn2.running_var");
        assertThat(resnet.parameter("layer4.1.bn2.running_var").kind()).isEqualTo(ParameterKind.BN_RUNNING_VAR);
        assertThat(resnet.parameter("layer3.0.bn1.weight").kind()).isEqualTo(ParameterKind.BN_GAMMA);
        assertThat(resnet.parameter("fc.weight").kind()).isEqualTo(ParameterKind.WEIGHT);
        assertThat(resnet.parameter("fc.weight").shape()).isEqualTo(new Shape(10, 64));
        assertThat(resnet.parameters()).hasSize(20 * 4 + 20 + 2); // 20 batch norms, 20 convolutions, fc
        assertThat(loaded.model("mobilenet_v3_small").parameter("features.1.block.1.fc1.weight").shape())
                .isEqualTo(new Shape(8, 8, 1, 1));
        // torch's default export folds batch norms into convolutions and names their weights after the node
        assertThat(loaded.model("unet").parameters()).extracting(ParameterInfo::name).contains("up2.weight", "head.weight")
                .anyMatch(n -> n.startsWith("onnx::Conv_"));
    }

    @Test
    void nodesBecomeDjlsOwnBlocksNamedAfterTheNodes() {
        Block resnet = loaded.model("resnet18").block();
        List<Class<?>> types = new ArrayList<>();
        resnet.getChildren().values().forEach(b -> types.add(b.getClass()));
        assertThat(types).filteredOn(t -> t == Conv2d.class).hasSize(20);
        assertThat(types).filteredOn(t -> t == BatchNorm.class).hasSize(20);
        assertThat(types).filteredOn(t -> t == Linear.class).hasSize(1);
        assertThat(loaded.golden("resnet18").layerOutputs()).extracting(LayerOutput::layer)
                .startsWith("/conv1/Conv", "/bn1/BatchNormalization", "/relu/Relu", "/maxpool/MaxPool")
                .contains("/layer1/layer1.0/Add", "/fc/Gemm");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zoo")
    void everyParameterAndEveryNodeOutputCanBeFaultedAndIsRestored(OnnxZoo.Entry entry) {
        InjectableModel model = loaded.model(entry.name());
        GoldenRun golden = loaded.golden(entry.name());
        String checksum = model.checksum();
        Campaign campaign = Campaign.builder(golden).progress(ProgressListener.NONE).build();
        int changed = 0;
        int i = 0;
        for (ParameterInfo p : model.parameters()) {
            long index = p.elementCount() - 1;
            InjectionRecord r = campaign.inject(i++, FaultScenario.of(Fault.bitFlip(FaultSite.parameter(p.name(),
                    p.layer(), index), NumberFormat.FLOAT32, 30)));
            assertThat(r.wordsAfter().get(0)).isEqualTo(r.wordsBefore().get(0) ^ (1L << 30));
            changed += r.outcome() == Outcome.MASKED ? 0 : 1;
        }
        assertThat(changed).as("parameter faults that changed the output").isGreaterThan(model.parameters().size() / 2);
        int nodes = 0;
        changed = 0;
        for (LayerOutput layer : golden.layerOutputs()) {
            if (layer.dataType() != ai.djl.ndarray.types.DataType.FLOAT32) {
                continue;
            }
            InjectionRecord r = campaign.inject(i++, FaultScenario.of(Fault.bitFlip(FaultSite.activation(layer.layer(),
                    layer.elementsPerInput() / 2), NumberFormat.FLOAT32, 30)));
            nodes++;
            changed += r.outcome() == Outcome.MASKED ? 0 : 1;
        }
        assertThat(nodes).isEqualTo(golden.layerOutputs().size());
        assertThat(changed).as("node output faults that changed the output").isGreaterThan(nodes / 2);
        assertThat(model.checksum()).isEqualTo(checksum);
    }

    /** A forward pass leaves nothing in the manager of the model's weights (kernels that rearrange a weight work on a view in the call's scope). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("zoo")
    void inferencesLeaveNoArraysWithTheModelsWeights(OnnxZoo.Entry entry) {
        InjectableModel model = loaded.model(entry.name());
        ai.djl.ndarray.NDManager weights = model.block().getParameters().get(0).getValue().getArray().getManager();
        int before = weights.getManagedArrays().size();
        for (int i = 0; i < 5; i++) {
            try (ai.djl.ndarray.NDManager scope = loaded.manager().newSubManager()) {
                NDArray inputs = entry.inputs(scope);
                model.forward(new NDList(inputs));
            }
        }
        assertThat(weights.getManagedArrays()).hasSize(before);
    }

    @Test
    void theGraphRunsOnAnyBatchSizeEvenWhereItComputesShapes() {
        // segnet resizes back to the size of its input, which torch.onnx computes from Shape nodes
        OnnxZoo.Entry entry = OnnxZoo.get("segnet");
        InjectableModel model = loaded.model("segnet");
        NDArray two = entry.inputs(loaded.manager());
        NDArray five = ai.djl.ndarray.NDArrays.concat(new NDList(two, two, two)).get("0:5");
        float[] many = model.forward(new NDList(five)).head().toFloatArray();
        float[] golden = loaded.golden("segnet").output();
        for (int k = 0; k < 5; k++) {
            int image = k % 2;
            int size = golden.length / 2;
            float[] row = java.util.Arrays.copyOfRange(many, k * size, (k + 1) * size);
            assertThat(OnnxZoo.mismatch(java.util.Arrays.copyOfRange(golden, image * size, (image + 1) * size), row))
                    .isNull();
        }
    }
}
