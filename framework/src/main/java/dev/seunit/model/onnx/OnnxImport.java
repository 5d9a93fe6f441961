package dev.seunit.model.onnx;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.apiguardian.api.API;

import dev.seunit.model.onnx.internal.GraphImporter;
import dev.seunit.model.onnx.internal.OnnxImportException;

/**
 * Imports ONNX files (as torch.onnx.export, tf2onnx and Keras exporters write them) into DJL
 * blocks on the PyTorch engine, so that models trained in any framework get every SEUnit feature.
 * Most tests use {@link dev.seunit.model.InjectableModel#loadOnnx(Path)} or a
 * {@code @ModelUnderTest} method returning the file's {@code Path}; this class gives the block
 * itself, e.g. for {@code Variants.factory(block)}.
 *
 * <p>Each node becomes a layer named after the node (its first output when it has no name), in
 * topological order; convolutions, batch norms, linear layers and pooling become DJL's own blocks.
 * Every float tensor a layer reads as a weight or operand becomes a parameter named after the
 * ONNX tensor ({@code layer1.0.conv1.weight} when exported from PyTorch with
 * {@code training=TrainingMode.PRESERVE}); a {@code MatMul} or {@code Gemm} weight stored as
 * (in, out) is held transposed, as (out, in). Shape arithmetic is computed once, at import, for
 * the input shape; the first axis of every input is the batch and may take any size.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class OnnxImport {

    private OnnxImport() {
    }

    /**
     * The graph of {@code file} as an initialized DJL block whose parameter arrays belong to
     * {@code manager} (close it to free them).
     *
     * @param inputShapes the shape of each input, batch first; needed only when the file leaves
     *     an axis other than the batch open (dynamic axes)
     * @throws IllegalArgumentException naming the file, the problem and the fix, when the file is
     *     missing, truncated, not ONNX, keeps its weights in external files, uses an operator
     *     SEUnit does not import, or has shapes that cannot be inferred
     */
    public static Block graph(Path file, NDManager manager, Shape... inputShapes) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("ONNX file " + file.toAbsolutePath() + " does not exist; pass the path of "
                    + "an .onnx file exported with torch.onnx.export(model, example_input, \"model.onnx\") or tf2onnx");
        }
        try {
            return GraphImporter.load(file, manager, inputShapes);
        } catch (OnnxImportException e) {
            throw new IllegalArgumentException("cannot import " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** The ONNX operator types (default domain) SEUnit imports. */
    public static SortedSet<String> supportedOperators() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(GraphImporter.supportedOperators()));
    }
}
