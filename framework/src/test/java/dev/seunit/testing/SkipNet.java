package dev.seunit.testing;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import dev.seunit.model.LayerCalls;
import dev.seunit.model.TraceableBlock;

/**
 * A traceable net with a skip connection, on {@link TransformNets} 8x8 images:
 *
 * <pre>
 * c1 conv 3x3 pad 1 (1 -> 4), a1 relu ─────────────┐ (skip)
 * c2 conv 3x3 pad 2 dilation 2 (4 -> 4), bn, a2 relu ┴ concat -> c3 conv 3x3 stride 2 pad 1 (8 -> 6),
 * a3 relu, [guard], flat, lin (96 -> 3)
 * </pre>
 *
 * With {@code guarded}, a {@code guard} layer throws on any non-finite value (a model that
 * detects corrupted activations): such faults are DUEs with an error.
 */
public final class SkipNet extends AbstractBlock implements TraceableBlock {

    private final Map<String, Block> layers = new LinkedHashMap<>();
    private final boolean guarded;

    private SkipNet(boolean guarded) {
        super((byte) 1);
        this.guarded = guarded;
        add("c1", Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(4).build());
        add("a1", Activation.reluBlock());
        add("c2", Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(2, 2))
                .optDilation(new Shape(2, 2)).setFilters(4).build());
        add("bn", BatchNorm.builder().build());
        add("a2", Activation.reluBlock());
        add("c3", Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(2, 2)).optPadding(new Shape(1, 1))
                .setFilters(6).build());
        add("a3", Activation.reluBlock());
        if (guarded) {
            add("guard", new LambdaBlock(in -> {
                NDArray x = in.singletonOrThrow();
                if (!x.isInfinite().logicalOr(x.isNaN()).any().getBoolean()) {
                    return in;
                }
                throw new IllegalStateException("non-finite activation detected");
            }, "guard"));
        }
        add("flat", Blocks.batchFlattenBlock());
        add("lin", Linear.builder().setUnits(TransformNets.CLASSES).build());
    }

    /** Initialized for batches of {@code batch} 8x8 images, with seeded weights. */
    public static SkipNet seeded(NDManager manager, int batch, long seed, boolean guarded) {
        SkipNet net = new SkipNet(guarded);
        TransformNets.setWeights(net, manager, new Shape(batch, 1, TransformNets.SIDE, TransformNets.SIDE), seed);
        return net;
    }

    private void add(String name, Block block) {
        children.add(name, block);
        layers.put(name, block);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return forward(parameterStore, inputs, (name, child, store, in) -> child.forward(store, in, training, params));
    }

    @Override
    public NDList forward(ParameterStore store, NDList inputs, LayerCalls calls) {
        NDList skip = call(calls, store, "a1", call(calls, store, "c1", inputs));
        NDList x = call(calls, store, "a2", call(calls, store, "bn", call(calls, store, "c2", skip)));
        x = new NDList(NDArrays.concat(new NDList(x.head(), skip.head()), 1));
        x = call(calls, store, "a3", call(calls, store, "c3", x));
        if (guarded) {
            x = call(calls, store, "guard", x);
        }
        return call(calls, store, "lin", call(calls, store, "flat", x));
    }

    private NDList call(LayerCalls calls, ParameterStore store, String name, NDList x) {
        return calls.call(name, layers.get(name), store, x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = init(manager, dataType, "a1", init(manager, dataType, "c1", inputShapes[0]));
        Shape skip = x;
        x = init(manager, dataType, "a2", init(manager, dataType, "bn", init(manager, dataType, "c2", x)));
        x = new Shape(x.get(0), x.get(1) + skip.get(1), x.get(2), x.get(3));
        x = init(manager, dataType, "a3", init(manager, dataType, "c3", x));
        if (guarded) {
            x = init(manager, dataType, "guard", x);
        }
        init(manager, dataType, "lin", init(manager, dataType, "flat", x));
    }

    private Shape init(NDManager manager, DataType dataType, String name, Shape x) {
        Block block = layers.get(name);
        block.initialize(manager, dataType, x);
        return block.getOutputShapes(new Shape[] {x})[0];
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), TransformNets.CLASSES)};
    }
}
