package dev.seunit.model.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import dev.seunit.model.InjectableModel;
import dev.seunit.model.TraceableBlock;

/**
 * Runs a Java-built block layer by layer so that the output of every leaf layer can be seen
 * or replaced. Layer names join child names with {@code _}, as DJL does for parameter names.
 */
@API(status = INTERNAL, since = "0.1")
public final class Tracer {

    /** Sees, and may replace, the output of each leaf layer. */
    @FunctionalInterface
    public interface Hook {
        NDList after(String layer, NDList output);
    }

    /**
     * Runs each leaf layer call in place of the tracer: it may call {@code leaf} on
     * {@code inputs}, return a cached output instead, or abort the forward pass by throwing.
     */
    @FunctionalInterface
    public interface Interceptor {

        /**
         * @param call the position of this leaf call in the forward pass, from 0
         * @param layer the leaf layer's name
         */
        NDList call(int call, String layer, Block leaf, ParameterStore parameterStore, NDList inputs);
    }

    private Tracer() {
    }

    /**
     * One inference of {@code model} in which {@code hook} sees, and may replace, the output of
     * every leaf layer; without gradients, outputs in the inputs' manager.
     */
    public static NDList forward(InjectableModel model, NDList inputs, Hook hook) {
        model.requireTraceable();
        return GradMode.off(() -> forward(model.block(), new ParameterStore(inputs.head().getManager(), false), inputs,
                hook));
    }

    /**
     * One inference of {@code model} in which {@code interceptor} runs every leaf layer call (and
     * may replay a cached output instead, or abort); without gradients.
     */
    public static NDList forward(InjectableModel model, NDList inputs, Interceptor interceptor) {
        model.requireTraceable();
        return GradMode.off(() -> forward(model.block(), new ParameterStore(inputs.head().getManager(), false), inputs,
                interceptor));
    }

    public static boolean canTrace(Block block) {
        return block instanceof SequentialBlock || block instanceof TraceableBlock;
    }

    public static NDList forward(Block block, ParameterStore parameterStore, NDList inputs, Hook hook) {
        return forward(block, parameterStore, inputs,
                (call, layer, leaf, store, in) -> hook.after(layer, leaf.forward(store, in, false)));
    }

    public static NDList forward(Block block, ParameterStore parameterStore, NDList inputs, Interceptor interceptor) {
        return run(block, "", parameterStore, inputs, interceptor, new int[1]);
    }

    private static NDList run(Block block, String path, ParameterStore ps, NDList inputs, Interceptor interceptor,
            int[] calls) {
        if (block instanceof SequentialBlock) {
            NDList current = inputs;
            for (Pair<String, Block> child : block.getChildren()) {
                current = run(child.getValue(), join(path, child.getKey()), ps, current, interceptor, calls);
            }
            return current;
        }
        if (block instanceof TraceableBlock) {
            return ((TraceableBlock) block).forward(ps, inputs,
                    (name, child, store, in) -> run(child, join(path, name), store, in, interceptor, calls));
        }
        return interceptor.call(calls[0]++, path.isEmpty() ? block.getClass().getSimpleName() : path, block, ps, inputs);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "_" + name;
    }
}
