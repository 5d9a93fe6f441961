package dev.seunit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

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

/**
 * A TorchScript model made by PyTorch (torchscript/make_fixture.py), with outputs PyTorch
 * computed for stated faults: SEUnit must reproduce them to float32 rounding. Not bit for bit:
 * the fixture was made by another PyTorch build, and the kernels a CPU's vector width selects
 * (AVX2 or AVX-512) sum in different orders, so the last bits differ between machines.
 */
class TorchScriptModelTest {

    private static Path dir;
    private static JsonObject fixture;
    private static NDManager manager;
    private static InjectableModel model;
    private static GoldenRun golden;

    @BeforeAll
    static void load() throws IOException, URISyntaxException {
        dir = Paths.get(TorchScriptModelTest.class.getResource("/torchscript/tiny_cnn.pt").toURI()).getParent();
        try (InputStreamReader reader = new InputStreamReader(Files.newInputStream(dir.resolve("fixture.json")),
                StandardCharsets.UTF_8)) {
            fixture = JsonParser.parseReader(reader).getAsJsonObject();
        }
        manager = NDManager.newBaseManager("PyTorch");
        model = InjectableModel.loadTorchScript(dir.resolve("tiny_cnn.pt"));
        NDArray inputs = manager.create(floats("inputs.f32"), new Shape(4, 1, 8, 8));
        golden = GoldenRun.of(model, inputs);
    }

    @AfterAll
    static void close() {
        golden.close();
        model.close();
        manager.close();
    }

    private static float[] floats(String file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(file))).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    @Test
    void theInventoryNamesParametersAsPyTorchDoesWithTheirKindsAndLayers() {
        assertThat(model.isTorchScript()).isTrue();
        assertThat(model.parameters()).extracting(ParameterInfo::name).containsExactly("conv1.weight", "conv1.bias",
                "conv2.weight", "conv2.bias", "bn2.weight", "bn2.bias", "fc.weight", "fc.bias");
        assertThat(model.parameter("bn2.weight").kind()).isEqualTo(ParameterKind.BN_GAMMA);
        assertThat(model.parameter("bn2.bias").kind()).isEqualTo(ParameterKind.BN_BETA);
        assertThat(model.parameter("conv2.weight").kind()).isEqualTo(ParameterKind.WEIGHT);
        assertThat(model.parameter("fc.bias").kind()).isEqualTo(ParameterKind.BIAS);
        assertThat(model.parameter("conv1.weight").layer()).isEqualTo("conv1");
        assertThat(model.parameter("conv1.weight").shape()).isEqualTo(new Shape(4, 1, 3, 3));
        assertThat(model.selectParameters("conv*")).hasSize(4);
    }

    @Test
    void theGoldenOutputIsPyTorchsToRounding() throws IOException {
        assertClose(golden.output(), floats("golden.f32"));
    }

    static Stream<Arguments> faults() {
        return Stream.of(0, 1, 2).map(Arguments::of);
    }

    @ParameterizedTest(name = "fault {0} of fixture.json")
    @MethodSource("faults")
    void theFaultyOutputIsPyTorchsToRounding(int number) throws IOException {
        JsonObject f = fixture.getAsJsonArray("faults").get(number).getAsJsonObject();
        String parameter = f.get("parameter").getAsString();
        long index = f.get("flatIndex").getAsLong();
        ParameterInfo info = model.parameter(parameter);
        FaultScenario scenario = FaultScenario.of(Fault.bitFlip(FaultSite.parameter(parameter, info.layer(), index),
                NumberFormat.FLOAT32, f.get("bit").getAsInt()));
        String checksum = model.checksum();

        assertThat(model.readWord(info, index)).isEqualTo(Long.decode(f.get("valueBeforeHex").getAsString()));
        assertClose(golden.outputUnder(scenario), floats(f.get("outputFile").getAsString()));
        assertThat(model.checksum()).isEqualTo(checksum);

        InjectionRecord record = Campaign.builder(golden).progress(ProgressListener.NONE).build().inject(0, scenario);
        assertThat(record.wordsAfter()).containsExactly(Long.decode(f.get("valueAfterHex").getAsString()));
        assertThat(record.outcome()).isNotEqualTo(Outcome.MASKED);
    }

    /** Within 1e-5 absolute plus 1e-4 relative, value by value (the tolerance of the ONNX zoo tests). */
    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("value %d", i)
                    .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5 + 1e-4 * Math.abs(expected[i])));
        }
    }

    @Test
    void aMissingFileIsAClearError() {
        Path missing = dir.resolve("no-such-model.pt");
        assertThatThrownBy(() -> InjectableModel.loadTorchScript(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-model.pt").hasMessageContaining("does not exist");
    }

    @Test
    void aFileThatIsNotTorchScriptIsAClearError() {
        Path notAModel = dir.resolve("fixture.json");
        assertThatThrownBy(() -> InjectableModel.loadTorchScript(notAModel))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot load").hasMessageContaining("torch.jit.save");
    }

    @Test
    void activationFaultsNeedAJavaBuiltBlock() {
        assertThatThrownBy(() -> golden.layerOutputs())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("TraceableBlock").hasMessageContaining("parameter faults work on any model");
    }
}
