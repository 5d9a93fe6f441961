package dev.seunit.transform;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;
import java.util.Objects;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.apiguardian.api.API;
import dev.seunit.model.MonotoneBlock;

/**
 * An activation layer that says which function it applies, so SEUnit can find it and swap it
 * for another {@link ActivationKind}, optionally clipped to bounds (range restriction in the
 * style of Ranger: outputs outside the bounds profiled on fault-free inputs can only come from
 * a fault). Build networks with {@code ActivationBlock.of(kind)} where they would use
 * {@code Activation.reluBlock()}; DJL's own activation blocks are recognised too (see
 * {@link Activations#kindOf}). Stateless and immutable: one instance may sit in several models.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ActivationBlock extends AbstractBlock implements MonotoneBlock {

    private final ActivationKind kind;
    private final float lower;
    private final float upper;

    private ActivationBlock(ActivationKind kind, float lower, float upper) {
        this.kind = Objects.requireNonNull(kind, "activation kind");
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("clipping bounds must satisfy lower <= upper; got [" + lower + ", " + upper
                    + "]");
        }
        this.lower = lower;
        this.upper = upper;
    }

    public static ActivationBlock of(ActivationKind kind) {
        return new ActivationBlock(kind, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    }

    /** {@code kind}, then clipped to {@code [lower, upper]}. */
    public static ActivationBlock clipped(ActivationKind kind, float lower, float upper) {
        return new ActivationBlock(kind, lower, upper);
    }

    public ActivationKind kind() {
        return kind;
    }

    public boolean isClipped() {
        return lower != Float.NEGATIVE_INFINITY || upper != Float.POSITIVE_INFINITY;
    }

    /** The lower clipping bound; negative infinity when not clipped. */
    public float lower() {
        return lower;
    }

    /** The upper clipping bound; positive infinity when not clipped. */
    public float upper() {
        return upper;
    }

    /** {@code kind} applied to {@code x}; the result and temporaries belong to {@code x}'s manager. */
    public static NDArray apply(ActivationKind kind, NDArray x) {
        switch (kind) {
            case RELU:
                return Activation.relu(x);
            case RELU6:
                return Activation.relu6(x);
            case SIGMOID:
                return Activation.sigmoid(x);
            case HARD_SIGMOID:
                return Activation.relu6(x.add(3f)).div(6f);
            case TANH:
                return Activation.tanh(x);
            default:
                throw new AssertionError(kind);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        // temporaries stay with the input's manager: closing them here could break a training graph
        NDArray y = apply(kind, inputs.singletonOrThrow());
        return new NDList(isClipped() ? y.clip(lower, upper) : y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public String toString() {
        return isClipped() ? String.format(Locale.ROOT, "%s clipped to [%g, %g]", kind, lower, upper) : kind.name();
    }
}
