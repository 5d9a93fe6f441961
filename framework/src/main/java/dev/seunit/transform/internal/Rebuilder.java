package dev.seunit.transform.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;

import dev.seunit.model.RebuildableBlock;
import dev.seunit.model.internal.GradMode;

/**
 * Builds a variant as a separate model: the same tree of containers with new leaves (copies,
 * or replacements chosen by a {@link LeafMapper}), initialized with the source's input shapes,
 * and the source's parameter values copied in by name. The source is only read.
 */
@API(status = INTERNAL, since = "0.1")
public final class Rebuilder {

    /** Chooses what takes a leaf's place in the variant. */
    @FunctionalInterface
    public interface LeafMapper {
        /**
         * The block for leaf {@code path}, or null for a plain copy. A returned block whose
         * parameters already hold arrays is kept as it is; the others are initialized and
         * receive the source's values.
         */
        Block map(String path, Block leaf);

        LeafMapper COPY = (path, leaf) -> null;
    }

    /** Which slices of a source parameter a smaller variant parameter keeps (structured pruning). */
    public record Slice(int[] axis0, int[] axis1) {
    }

    private final LeafMapper mapper;
    private final NDManager manager;

    private Rebuilder(LeafMapper mapper, NDManager manager) {
        this.mapper = mapper;
        this.manager = manager;
    }

    /**
     * A new, initialized model like {@code source} with its leaves mapped; its parameter arrays
     * belong to {@code manager}. Parameters named in {@code slices} keep only those indices.
     */
    public static Block copy(Block source, LeafMapper mapper, NDManager manager, Map<String, Slice> slices) {
        Shape[] inputShapes = inputShapes(source);
        Block target = new Rebuilder(mapper, manager).rebuild(source, "");
        // parameters that already hold arrays were built by the mapper (e.g. quantized layers)
        Set<Parameter> prebuilt = new HashSet<>();
        for (Pair<String, Parameter> p : target.getParameters()) {
            if (p.getValue().isInitialized()) {
                prebuilt.add(p.getValue());
            }
        }
        target.initialize(manager, DataType.FLOAT32, inputShapes);
        Map<String, Parameter> sourceParameters = new HashMap<>();
        for (Pair<String, Parameter> p : source.getParameters()) {
            sourceParameters.put(p.getKey(), p.getValue());
        }
        GradMode.off(() -> {
            for (Pair<String, Parameter> p : target.getParameters()) {
                if (prebuilt.contains(p.getValue())) {
                    continue;
                }
                Parameter from = sourceParameters.get(p.getKey());
                if (from == null) {
                    throw new IllegalStateException("the variant has a parameter " + p.getKey() + " that the model it is "
                            + "built from lacks (it has " + sourceParameters.keySet() + "); a RebuildableBlock must add "
                            + "its children under their original names");
                }
                copyInto(p.getKey(), from.getArray(), p.getValue().getArray(), slices.get(p.getKey()));
            }
        });
        return target;
    }

    public static Shape[] inputShapes(Block source) {
        try {
            return source.getInputShapes();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the model (" + source.getClass().getSimpleName() + ") is not initialized: "
                    + "call block.initialize(manager, DataType.FLOAT32, inputShape) or train it before building a variant",
                    e);
        }
    }

    private Block rebuild(Block block, String path) {
        if (block instanceof SequentialBlock) {
            SequentialBlock source = (SequentialBlock) block;
            NamedSequentialBlock copy = new NamedSequentialBlock();
            copy.setReturnIntermediate(source.isReturnIntermediate());
            int i = 0;
            for (Pair<String, Block> child : block.getChildren()) {
                String prefix = String.format(Locale.ROOT, "%02d", ++i);
                String key = child.getKey();
                Block rebuilt = rebuild(child.getValue(), join(path, key));
                if (key.startsWith(prefix)) {
                    copy.addNamed(key.substring(prefix.length()), rebuilt); // DJL's numbering, kept
                } else {
                    copy.addKey(key, rebuilt); // a child named by a SequentialBlock subclass: same name in the variant
                }
            }
            return copy;
        }
        if (block instanceof RebuildableBlock) {
            // the layer name comes from the child's key (e.g. 01conv), whichever form of its name the block passes
            Block copy = ((RebuildableBlock) block).rebuild((name, child) -> rebuild(child, join(path, keyOf(block, child,
                    name))));
            if (copy == null || copy == block) {
                throw new IllegalStateException(block.getClass().getName() + ".rebuild must return a new block");
            }
            return copy;
        }
        if (!block.getChildren().isEmpty()) {
            if (block.getParameters().isEmpty() && untouched(block, path)) {
                return block; // a container without parameters whose leaves stay as they are
            }
            throw new IllegalArgumentException("cannot build a variant of " + describe(path, block) + ": SEUnit rebuilds "
                    + "SequentialBlocks and blocks implementing dev.seunit.model.RebuildableBlock. Implement it, or let "
                    + "the model source build the variant (it receives the Variant)");
        }
        Block mapped = mapper.map(path, block);
        return mapped != null ? mapped : copyLeaf(path, block);
    }

    private static String keyOf(Block parent, Block child, String name) {
        for (Pair<String, Block> c : parent.getChildren()) {
            if (c.getValue() == child) {
                return c.getKey();
            }
        }
        throw new IllegalArgumentException(parent.getClass().getName() + ".rebuild passed " + name + " ("
                + child.getClass().getSimpleName() + "), which is not one of its children; pass each child as it is");
    }

    private boolean untouched(Block block, String path) {
        if (block.getChildren().isEmpty()) {
            return mapper.map(path, block) == null;
        }
        for (Pair<String, Block> child : block.getChildren()) {
            if (!untouched(child.getValue(), join(path, child.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** A fresh leaf with the same configuration (its values are copied after initialization). */
    private Block copyLeaf(String path, Block leaf) {
        if (Layers.isStateless(leaf)) {
            return leaf;
        }
        if (leaf instanceof Convolution && Layers.isConvolution(leaf)) {
            Convolution c = (Convolution) leaf;
            return Layers.convolutionLike(c, c.getFilters());
        }
        if (leaf instanceof Linear) {
            return Layers.linearLike((Linear) leaf, Layers.units((Linear) leaf));
        }
        if (leaf instanceof BatchNorm) {
            return Layers.BatchNormConfig.of((BatchNorm) leaf).newBlock();
        }
        if (leaf instanceof QuantizedLayer) {
            return ((QuantizedLayer) leaf).copy(manager);
        }
        throw new IllegalArgumentException("cannot build a variant of " + describe(path, leaf) + ": SEUnit copies Conv1d, "
                + "Conv2d, Conv3d, Linear, BatchNorm and layers without parameters. Wrap custom layers in a block "
                + "implementing dev.seunit.model.RebuildableBlock, or let the model source build the variant");
    }

    private static void copyInto(String name, NDArray from, NDArray to, Slice slice) {
        if (slice == null) {
            if (!from.getShape().equals(to.getShape()) || from.getDataType() != to.getDataType()) {
                throw new IllegalStateException("parameter " + name + " is " + from.getShape() + " " + from.getDataType()
                        + " in the model but " + to.getShape() + " " + to.getDataType() + " in its variant");
            }
            Inference.overwrite(to, from);
            return;
        }
        Inference.overwrite(to, sliced(from.toFloatArray(), from.getShape(), slice, to.getShape(), name));
    }

    /** The kept indices of axes 0 and 1 of a row-major array. */
    static float[] sliced(float[] values, Shape shape, Slice slice, Shape target, String name) {
        int d0 = (int) shape.get(0);
        int d1 = shape.dimension() > 1 ? (int) shape.get(1) : 1;
        int inner = (int) (shape.size() / d0 / d1);
        int[] keep0 = slice.axis0() != null ? slice.axis0() : range(d0);
        int[] keep1 = slice.axis1() != null ? slice.axis1() : range(d1);
        float[] out = new float[keep0.length * keep1.length * inner];
        if (out.length != target.size()) {
            throw new IllegalStateException("pruning " + name + " " + shape + " to " + keep0.length + " x " + keep1.length
                    + " slices does not give the variant's shape " + target);
        }
        int k = 0;
        for (int i0 : keep0) {
            for (int i1 : keep1) {
                System.arraycopy(values, (i0 * d1 + i1) * inner, out, k, inner);
                k += inner;
            }
        }
        return out;
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    public static String join(String path, String name) {
        return path.isEmpty() ? name : path + "_" + name;
    }

    static String describe(String path, Block block) {
        return (path.isEmpty() ? "the model" : "layer " + path) + " (" + block.getClass().getName() + ")";
    }
}
