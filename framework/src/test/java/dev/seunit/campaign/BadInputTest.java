package dev.seunit.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.seunit.fault.BitSelection;
import dev.seunit.fault.FaultModel;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.ParameterKind;
import dev.seunit.testing.TinyNets;

/** Bad input gets an error that names the problem and the fix, and leaves the model as it was. */
class BadInputTest {

    private NDManager manager;
    private SequentialBlock net;
    private InjectableModel model;
    private String checksum;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager("PyTorch");
        net = TinyNets.convNet(manager);
        model = InjectableModel.of("tiny-conv", net);
        checksum = model.checksum();
    }

    @AfterEach
    void unchanged() {
        assertThat(model.checksum()).as("the model is unchanged").isEqualTo(checksum);
        model.close();
        manager.close();
    }

    private GoldenRun golden() {
        return GoldenRun.of(model, TinyNets.inputs(manager));
    }

    @Test
    void aLayerPatternMatchingNothingListsTheParametersThatExist() {
        try (GoldenRun golden = golden()) {
            assertThatThrownBy(() -> Campaign.builder(golden).layers("enc9*").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'enc9*' matches no parameter")
                    .hasMessageContaining("01Conv2d_weight, 01Conv2d_bias, 04Linear_weight, 04Linear_bias")
                    .hasMessageContaining("regex:");
        }
    }

    @Test
    void anInvalidRegexSaysSo() {
        assertThatThrownBy(() -> model.selectParameters("regex:conv[")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid regular expression");
    }

    @Test
    void aKindNoSelectedParameterHasIsAnError() {
        try (GoldenRun golden = golden()) {
            assertThatThrownBy(() -> Campaign.builder(golden).kinds(ParameterKind.BN_GAMMA).build())
                    .hasMessageContaining("BN_GAMMA").hasMessageContaining("01Conv2d_weight");
        }
    }

    @Test
    void anActivationPatternMatchingNothingListsTheLayers() {
        try (GoldenRun golden = golden()) {
            assertThatThrownBy(() -> Campaign.builder(golden).target(FaultTarget.ACTIVATIONS).layers("enc*").build())
                    .hasMessageContaining("matches no layer")
                    .hasMessageContaining("01Conv2d, 02LambdaBlock, 03LambdaBlock, 04Linear");
        }
    }

    @Test
    void inputsOfTheWrongShapeNameTheShape() {
        NDArray wrong = manager.zeros(new Shape(4, 3, 6, 6));
        assertThatThrownBy(() -> GoldenRun.of(model, wrong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(4, 3, 6, 6)").hasMessageContaining("shape and type the model expects");
    }

    @Test
    void emptyInputsAreRefused() {
        NDArray empty = manager.zeros(new Shape(0, 1, 6, 6));
        assertThatThrownBy(() -> GoldenRun.of(model, empty)).hasMessageContaining("inputs are empty");
    }

    @Test
    void aModelThatAlreadyProducesNanIsRefused() {
        NDArray bias = TinyNets.parameter(net, TinyNets.CONV_BIAS).getArray();
        bias.set(new float[] {Float.NaN, -100f});
        try {
            assertThatThrownBy(() -> GoldenRun.of(model, TinyNets.inputs(manager)))
                    .hasMessageContaining("already produces 12 non-finite values on the golden inputs")
                    .hasMessageContaining("check the weights and the inputs");
        } finally {
            bias.set(new float[] {0f, -100f});
        }
    }

    @Test
    void labelsOfTheWrongShapeSayWhatIsExpected() {
        NDArray labels = manager.create(new int[] {0, 1, 2});
        try (GoldenRun golden = GoldenRun.of(model, new NDList(TinyNets.inputs(manager)), labels)) {
            assertThatThrownBy(() -> Campaign.builder(golden).build())
                    .hasMessageContaining("labels hold 3 values").hasMessageContaining("makes 4 predictions")
                    .hasMessageContaining("one label per input");
        }
    }

    @Test
    void badBudgetsBitsAndModelsAreRefusedUpFront() {
        assertThatThrownBy(() -> Budget.count(0)).hasMessageContaining("at least one injection");
        assertThatThrownBy(() -> Budget.statistical(0, 0.95)).hasMessageContaining("error margin");
        assertThatThrownBy(() -> FaultModel.randomBits(1)).hasMessageContaining("at least 2 bits");
        try (GoldenRun golden = golden()) {
            assertThatThrownBy(() -> Campaign.builder(golden).bits(BitSelection.of(40)).build())
                    .hasMessageContaining("bit 40 does not exist in FLOAT32");
            assertThatThrownBy(() -> Campaign.builder(golden).budget(Budget.exhaustive()).faultsPerInference(2).build())
                    .hasMessageContaining("exhaustive campaign enumerates single faults");
            assertThatThrownBy(() -> Campaign.builder(golden).criticalShare(2)).hasMessageContaining("[0, 1]");
        }
    }

    @Test
    void anUninitializedBlockIsRefused() {
        SequentialBlock fresh = new SequentialBlock().add(ai.djl.nn.core.Linear.builder().setUnits(2).build());
        assertThatThrownBy(() -> InjectableModel.of(fresh)).hasMessageContaining("is not initialized")
                .hasMessageContaining("block.initialize");
    }

    // ---- ONNX files: each refused with the file, the problem and the fix -----------------------

    private static java.nio.file.Path onnx(String name) {
        return dev.seunit.model.onnx.OnnxZoo.dir().resolve(name);
    }

    @Test
    void aTruncatedOnnxFileSaysSo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        byte[] whole = java.nio.file.Files.readAllBytes(onnx("mlp.onnx"));
        java.nio.file.Path cut = java.nio.file.Files.write(dir.resolve("cut.onnx"),
                java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> InjectableModel.loadOnnx(cut)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cut.onnx").hasMessageContaining("truncated")
                .hasMessageContaining("Export the model again");
    }

    @Test
    void aFileThatIsNotOnnxSaysSo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path text = java.nio.file.Files.writeString(dir.resolve("notes.onnx"), "not a model\n");
        assertThatThrownBy(() -> InjectableModel.loadOnnx(text)).hasMessageContaining("notes.onnx")
                .hasMessageContaining("not").hasMessageContaining("ONNX").hasMessageContaining("torch.onnx.export");
        java.nio.file.Path torchScript = onnx("../torchscript/tiny_cnn.pt");
        assertThatThrownBy(() -> InjectableModel.loadOnnx(torchScript)).hasMessageContaining("tiny_cnn.pt")
                .hasMessageContaining("zip archive").hasMessageContaining("loadTorchScript");
        assertThatThrownBy(() -> InjectableModel.loadOnnx(dir.resolve("missing.onnx")))
                .hasMessageContaining("missing.onnx").hasMessageContaining("does not exist");
    }

    @Test
    void anUnsupportedOperatorIsNamedWithItsNodeAndTheSupportedList() {
        assertThatThrownBy(() -> InjectableModel.loadOnnx(onnx("bad_unsupported_op.onnx")))
                .hasMessageContaining("bad_unsupported_op.onnx").hasMessageContaining("CumSum node '/CumSum'")
                .hasMessageContaining("Supported operators: ").hasMessageContaining("Conv, ConvTranspose")
                .hasMessageContaining("Replace it in the model");
    }

    @Test
    void shapesThatCannotBeInferredAskForTheInputShape() {
        java.nio.file.Path file = onnx("bad_dynamic_size.onnx");
        assertThatThrownBy(() -> InjectableModel.loadOnnx(file)).hasMessageContaining("bad_dynamic_size.onnx")
                .hasMessageContaining("axis 2 of input 'input' is not fixed in the file ('height')")
                .hasMessageContaining("cannot be inferred")
                .hasMessageContaining("InjectableModel.loadOnnx(path, new Shape(1, ...))");
        try (InjectableModel sized = InjectableModel.loadOnnx(file, new Shape(1, 1, 8, 8))) {
            assertThat(sized.forward(new NDList(manager.zeros(new Shape(3, 1, 8, 8)))).head().getShape())
                    .isEqualTo(new Shape(3, 2, 8, 8));
        }
    }

    @Test
    void weightsInExternalDataFilesAreRefused() {
        assertThatThrownBy(() -> InjectableModel.loadOnnx(onnx("bad_external_data.onnx")))
                .hasMessageContaining("bad_external_data.onnx").hasMessageContaining("external file")
                .hasMessageContaining("save_as_external_data=False");
    }

    @Test
    void anInputOfTheWrongShapeForAnOnnxModelNamesBoth() {
        try (InjectableModel mlp = InjectableModel.loadOnnx(onnx("mlp.onnx"))) {
            NDArray wrong = manager.zeros(new Shape(4, 1, 9, 9));
            assertThatThrownBy(() -> GoldenRun.of(mlp, wrong)).hasMessageContaining("mlp.onnx expects input 'input' "
                    + "of shape (N, 1, 8, 8) (any batch size N), but got (4, 1, 9, 9)")
                    .hasMessageContaining("InjectableModel.loadOnnx(path, new Shape(4, 1, 9, 9))");
        }
    }
}
