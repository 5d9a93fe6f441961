package dev.seunit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.function.BiFunction;

import ai.djl.nn.Block;
import org.apiguardian.api.API;

/**
 * A Java-built container block that is not a {@link ai.djl.nn.SequentialBlock} (a U-Net with
 * skip connections, say) and that SEUnit may rebuild with other children to make a variant:
 * another activation, pruned or quantized layers. {@code SequentialBlock}s are rebuilt without
 * this interface. Implement it next to {@link TraceableBlock} so the variant's layers can be
 * traced too. (A property of the model, as {@link TraceableBlock} is: it lives beside it, so that
 * model sources such as the ONNX importer can provide it below the transformations that use it.)
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface RebuildableBlock extends Block {

    /**
     * A new, uninitialized block of the same architecture whose every child {@code c}, added
     * with {@code addChildBlock(n, c)}, is replaced by {@code children.apply(n, c)} and added
     * under the same name in the same order, so that the variant's parameter names match this
     * block's. Pass each child itself: SEUnit finds its layer name from it. Parameters of this
     * block itself (not of a child) are copied by SEUnit after initialization, by name.
     */
    Block rebuild(BiFunction<String, Block, Block> children);

    /**
     * Runs of children, by name, in which each child's only input is the output of the child
     * before it and nothing else reads that output: SEUnit treats each run as it treats a
     * {@link ai.djl.nn.SequentialBlock} (int8 folds a batch norm into the convolution before it,
     * structured pruning removes channels between two layers of a run). By default none: every
     * child stands alone, as it must when the block routes outputs elsewhere (skip connections).
     */
    default List<List<String>> sequences() {
        return List.of();
    }
}
