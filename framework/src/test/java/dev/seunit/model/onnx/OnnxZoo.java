package dev.seunit.model.onnx;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The ONNX zoo the tests use (src/test/resources/onnx, made by make_zoo.py with PyTorch): each
 * model's file, inputs, PyTorch's outputs, and PyTorch's outputs under its stated faults.
 */
public final class OnnxZoo {

    /** One stated fault and PyTorch's output under it. */
    public record Fault(String parameter, long flatIndex, int bit, String valueBeforeHex, String valueAfterHex,
            float[] output) {
    }

    /** One zoo model. */
    public record Entry(String name, Path file, String task, Shape inputShape, float[] inputs, Shape outputShape,
            float[] golden, List<Fault> faults) {

        public NDArray inputs(NDManager manager) {
            return manager.create(inputs, inputShape);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private OnnxZoo() {
    }

    /** Every zoo model imported, with its golden run on its inputs; closes them all. */
    public static final class Loaded implements AutoCloseable {
        private final NDManager manager = NDManager.newBaseManager("PyTorch");
        private final java.util.Map<String, dev.seunit.campaign.GoldenRun> golden = new java.util.LinkedHashMap<>();

        public Loaded() {
            for (Entry entry : all()) {
                dev.seunit.model.InjectableModel model = dev.seunit.model.InjectableModel.loadOnnx(entry.file());
                golden.put(entry.name(), dev.seunit.campaign.GoldenRun.of(model, entry.inputs(manager)));
            }
        }

        public dev.seunit.campaign.GoldenRun golden(String name) {
            return golden.get(name);
        }

        public dev.seunit.model.InjectableModel model(String name) {
            return golden.get(name).model();
        }

        public NDManager manager() {
            return manager;
        }

        @Override
        public void close() {
            for (dev.seunit.campaign.GoldenRun run : golden.values()) {
                run.close();
                run.model().close();
            }
            manager.close();
        }
    }

    public static Path dir() {
        try {
            return Paths.get(OnnxZoo.class.getResource("/onnx/zoo.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Entry> all() {
        Path dir = dir();
        try (InputStreamReader reader = new InputStreamReader(Files.newInputStream(dir.resolve("zoo.json")),
                StandardCharsets.UTF_8)) {
            JsonObject zoo = JsonParser.parseReader(reader).getAsJsonObject();
            List<Entry> entries = new ArrayList<>();
            for (JsonElement e : zoo.getAsJsonArray("models")) {
                JsonObject m = e.getAsJsonObject();
                List<Fault> faults = new ArrayList<>();
                for (JsonElement f : m.getAsJsonArray("faults")) {
                    JsonObject o = f.getAsJsonObject();
                    faults.add(new Fault(o.get("parameter").getAsString(), o.get("flatIndex").getAsLong(),
                            o.get("bit").getAsInt(), o.get("valueBeforeHex").getAsString(),
                            o.get("valueAfterHex").getAsString(), floats(dir.resolve(o.get("outputFile").getAsString()))));
                }
                entries.add(new Entry(m.get("name").getAsString(), dir.resolve(m.get("model").getAsString()),
                        m.get("task").getAsString(), shape(m, "inputShape"),
                        floats(dir.resolve(m.get("inputsFile").getAsString())), shape(m, "outputShape"),
                        floats(dir.resolve(m.get("goldenFile").getAsString())), faults));
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Entry get(String name) {
        return all().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    private static Shape shape(JsonObject m, String key) {
        List<Long> dims = new ArrayList<>();
        m.getAsJsonArray(key).forEach(d -> dims.add(d.getAsLong()));
        return new Shape(dims.stream().mapToLong(Long::longValue).toArray());
    }

    static float[] floats(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    /** Whether {@code actual} is within 1e-5 absolute plus 1e-4 relative of {@code expected}, everywhere. */
    public static String mismatch(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            return "length " + actual.length + " instead of " + expected.length;
        }
        for (int i = 0; i < expected.length; i++) {
            double tolerance = 1e-5 + 1e-4 * Math.abs(expected[i]);
            if (!(Math.abs(expected[i] - actual[i]) <= tolerance)) {
                return "value " + i + ": " + actual[i] + " instead of " + expected[i];
            }
        }
        return null;
    }
}
