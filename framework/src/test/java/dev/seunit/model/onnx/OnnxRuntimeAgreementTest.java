package dev.seunit.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.NoopTranslator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.seunit.model.InjectableModel;

/**
 * The imported graphs compute what ONNX Runtime computes on the same files and inputs (DJL's
 * OnnxRuntime engine, native library from its Maven Central jar, test scope only), to 1e-5
 * absolute plus 1e-4 relative; and with two engines on the class path, DJL's default stays PyTorch.
 */
class OnnxRuntimeAgreementTest {

    static Stream<OnnxZoo.Entry> zoo() {
        return OnnxZoo.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zoo")
    void theImportedModelComputesOnnxRuntimesOutput(OnnxZoo.Entry entry) throws Exception {
        float[] reference;
        Path file = entry.file();
        String prefix = file.getFileName().toString().replace(".onnx", "");
        try (Model ort = Model.newInstance(prefix, "OnnxRuntime")) {
            ort.load(file.getParent(), prefix);
            try (Predictor<NDList, NDList> predictor = ort.newPredictor(new NoopTranslator());
                    NDManager scope = ort.getNDManager().newSubManager()) {
                NDList out = predictor.predict(new NDList(scope.create(entry.inputs(), entry.inputShape())));
                reference = out.head().toFloatArray();
            }
        }
        float[] imported;
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                InjectableModel model = InjectableModel.loadOnnx(file)) {
            imported = model.forward(new NDList(entry.inputs(manager))).head().toFloatArray();
        }
        assertThat(OnnxZoo.mismatch(reference, imported)).as("imported vs ONNX Runtime").isNull();
        assertThat(OnnxZoo.mismatch(entry.golden(), reference)).as("ONNX Runtime vs PyTorch").isNull();
    }

    @Test
    void djlsDefaultEngineStaysPyTorch() {
        assertThat(Engine.getAllEngines()).contains("PyTorch", "OnnxRuntime");
        assertThat(Engine.getInstance().getEngineName()).isEqualTo("PyTorch");
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThat(manager.getEngine().getEngineName()).isEqualTo("PyTorch");
        }
    }

    @Test
    void onnxRuntimesNativeLibraryComesFromItsMavenJar() {
        String jar = ai.onnxruntime.OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertThat(jar).contains("com/microsoft/onnxruntime/onnxruntime/").endsWith(".jar");
        assertThat(Engine.getEngine("OnnxRuntime").getVersion()).isNotBlank();
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    }
}
