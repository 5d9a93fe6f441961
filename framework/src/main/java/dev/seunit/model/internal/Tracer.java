package dev.seunit.model.internal;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import dev.seunit.model.TraceableBlock;

/**
 * Runs a Java-built block layer by layer so that the output of every leaf layer can be seen
 * or replaced. Layer names join child names with {@code _}, as DJL does for parameter names.
 */
public final class Tracer {

    /** Sees, and may replace, the output of each leaf layer. */
    @FunctionalInterface
    public interface Hook {
        NDList after(String layer, NDList output);
    }

    private Tracer() {
    }

    public static boolean canTrace(Block block) {
        return block instanceof SequentialBlock || block instanceof TraceableBlock;
    }

    public static NDList forward(Block block, ParameterStore parameterStore, NDList inputs, Hook hook) {
        return run(block, "", parameterStore, inputs, hook);
    }

    private static NDList run(Block block, String path, ParameterStore ps, NDList inputs, Hook hook) {
        if (block instanceof SequentialBlock) {
            NDList current = inputs;
            for (Pair<String, Block> child : block.getChildren()) {
                current = run(child.getValue(), join(path, child.getKey()), ps, current, hook);
            }
            return current;
        }
        if (block instanceof TraceableBlock) {
            return ((TraceableBlock) block).forward(ps, inputs,
                    (name, child, store, in) -> run(child, join(path, name), store, in, hook));
        }
        NDList output = block.forward(ps, inputs, false);
        return hook.after(path.isEmpty() ? block.getClass().getSimpleName() : path, output);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "_" + name;
    }
}
