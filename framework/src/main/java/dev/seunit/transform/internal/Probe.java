package dev.seunit.transform.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import java.util.Map;
import java.util.function.BiPredicate;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Runs a model with chosen leaves wrapped so that their inputs and outputs can be recorded
 * (activation ranges, calibration). The wrapped model shares the original leaves: nothing is
 * copied and nothing is changed.
 */
@API(status = INTERNAL, since = "0.1")
public final class Probe {

    /** Sees the inputs and outputs of one probed leaf; arrays are valid only during the call. */
    @FunctionalInterface
    public interface Recorder {
        void record(String layer, NDList inputs, NDList outputs);
    }

    private Probe() {
    }

    /** One forward pass of {@code model} on {@code inputs} with every leaf {@code probed} accepts recorded. */
    public static void run(Block model, NDList inputs, BiPredicate<String, Block> probed, Recorder recorder,
            NDManager parent) {
        try (NDManager scope = parent.newSubManager()) {
            Block wrapped = Rebuilder.copy(model,
                    (path, leaf) -> probed.test(path, leaf) ? new Recording(path, leaf, recorder) : leaf, scope, Map.of());
            Inference.forward(wrapped, inputs, scope);
        }
    }

    /** Hides its delegate from DJL's tree walks, so the delegate is neither re-initialized nor copied. */
    private static final class Recording extends AbstractBlock {
        private final String layer;
        private final Block delegate;
        private final Recorder recorder;

        Recording(String layer, Block delegate, Recorder recorder) {
            this.layer = layer;
            this.delegate = delegate;
            this.recorder = recorder;
        }

        @Override
        protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDList outputs = delegate.forward(parameterStore, inputs, training, params);
            recorder.record(layer, inputs, outputs);
            return outputs;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return delegate.getOutputShapes(inputShapes);
        }
    }
}
