package dev.seunit.transform.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import dev.seunit.model.internal.LayerKinds;

/**
 * Structured L1 filter pruning that removes channels: the pruned variant is a smaller model.
 * A channel is removed from its producer (weight rows, bias), from the batch norms that follow
 * it and from the input of the one layer that consumes it; channel-wise layers in between
 * (activations, pooling, dropout) need nothing, and a flatten turns channel c into features
 * {@code c*k .. c*k+k-1}.
 */
@API(status = INTERNAL, since = "0.1")
public final class ChannelPruner {

    /** What happens to one prunable layer. */
    public record Plan(String layer, int channels, int[] keep, List<String> batchNorms, List<String> batchNormParameters,
            String consumer, int factor) {
    }

    /** The pruned model, what was pruned, and why the other layers were not. */
    public record Result(Block block, List<Plan> plans, Map<String, String> kept) {
    }

    private ChannelPruner() {
    }

    /**
     * Removes {@code percent} of the channels of every prunable layer of {@code model}, counted
     * against {@code originalChannels} (layer -> channels of the unpruned model, for iterative
     * schedules; layers not in it count their current channels). The model is only read.
     */
    public static Result prune(Block model, int percent, Map<String, Integer> originalChannels, NDManager manager) {
        List<Plan> plans = new ArrayList<>();
        Map<String, String> kept = new LinkedHashMap<>();
        for (List<Chains.Link> chain : Chains.of(model)) {
            for (int i = 0; i < chain.size(); i++) {
                Chains.Link link = chain.get(i);
                if (isProducer(link.block())) {
                    plan(chain, i, percent, originalChannels, plans, kept);
                }
            }
        }
        Map<String, int[]> keepOut = new HashMap<>();
        Map<String, Rebuilder.Slice> slices = new HashMap<>();
        for (Plan plan : plans) {
            keepOut.put(plan.layer(), plan.keep());
            slice(slices, plan.layer() + "_weight", plan.keep(), null);
            slice(slices, plan.layer() + "_bias", plan.keep(), null);
            for (String name : plan.batchNormParameters()) {
                slice(slices, name, plan.keep(), null);
            }
            int[] inputs = plan.keep().length == 0 ? new int[0]
                    : Arrays.stream(plan.keep()).flatMap(c -> IntStream.range(c * plan.factor(), (c + 1) * plan.factor()))
                            .toArray();
            slice(slices, plan.consumer() + "_weight", null, inputs);
        }
        Block pruned = Rebuilder.copy(model, (path, leaf) -> {
            int[] keep = keepOut.get(path);
            if (keep == null) {
                return null;
            }
            return leaf instanceof Linear ? Layers.linearLike((Linear) leaf, keep.length)
                    : Layers.convolutionLike((Convolution) leaf, keep.length);
        }, manager, slices);
        return new Result(pruned, plans, kept);
    }

    private static void slice(Map<String, Rebuilder.Slice> slices, String name, int[] axis0, int[] axis1) {
        slices.merge(name, new Rebuilder.Slice(axis0, axis1), (a, b) -> new Rebuilder.Slice(
                a.axis0() != null ? a.axis0() : b.axis0(), a.axis1() != null ? a.axis1() : b.axis1()));
    }

    private static boolean isProducer(Block block) {
        return block instanceof Linear || Layers.isConvolution(block) && ((Convolution) block).getGroups() == 1;
    }

    private static void plan(List<Chains.Link> chain, int at, int percent, Map<String, Integer> originalChannels,
            List<Plan> plans, Map<String, String> kept) {
        Chains.Link producer = chain.get(at);
        int channels = (int) Layers.weight(producer.block()).getArray().getShape().get(0);
        List<String> batchNorms = new ArrayList<>();
        List<String> batchNormParameters = new ArrayList<>();
        boolean flattened = producer.block() instanceof Linear;
        for (int j = at + 1; j < chain.size(); j++) {
            Chains.Link next = chain.get(j);
            Block b = next.block();
            boolean perChannel = !flattened || producer.block() instanceof Linear;
            if (b instanceof BatchNorm && Layers.BatchNormConfig.of((BatchNorm) b).axis() == 1 && perChannel) {
                batchNorms.add(next.path());
                b.getDirectParameters().keys().forEach(k -> batchNormParameters.add(next.path() + "_" + k));
            } else if (LayerKinds.flattensChannels(b) && !flattened) {
                flattened = true;
            } else if (LayerKinds.keepsChannels(b)) {
                continue;
            } else if (isProducer(b)) {
                long inputs = Layers.weight(b).getArray().getShape().get(1);
                boolean linear = b instanceof Linear;
                if (linear != flattened || inputs % channels != 0 || !linear && inputs != channels) {
                    kept.put(producer.path(), "its " + channels + " channels reach " + next.path() + " as " + inputs
                            + " inputs in a way SEUnit cannot follow");
                    return;
                }
                int original = originalChannels.getOrDefault(producer.path(), channels);
                int target = original - Math.min(original - 1, (int) Math.floor(original * percent / 100.0));
                int remove = Math.max(0, channels - target);
                plans.add(new Plan(producer.path(), channels, lowestL1Removed(producer.block(), channels, remove),
                        batchNorms, batchNormParameters, next.path(), (int) (inputs / channels)));
                return;
            } else {
                kept.put(producer.path(), "its output goes to " + next.path() + " (" + b.getClass().getSimpleName()
                        + (b instanceof ai.djl.nn.LambdaBlock ? " \"" + ((ai.djl.nn.LambdaBlock) b).getName() + "\"" : "")
                        + "), which SEUnit cannot follow channel by channel");
                return;
            }
        }
        kept.put(producer.path(), "no layer after it in its SequentialBlock consumes its channels (it is the output "
                + "layer, or its output leaves the SequentialBlock, e.g. through a skip connection)");
    }

    /** The channels left after removing the {@code remove} filters with the smallest L1 norm (ties: the first). */
    static int[] lowestL1Removed(Block layer, int channels, int remove) {
        float[] w = Layers.weight(layer).getArray().toFloatArray();
        int per = w.length / channels;
        double[] l1 = new double[channels];
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < per; k++) {
                l1[c] += Math.abs(w[c * per + k]);
            }
        }
        Integer[] order = new Integer[channels];
        for (int c = 0; c < channels; c++) {
            order[c] = c;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer c) -> l1[c]).thenComparingInt(c -> c));
        return Arrays.stream(order).skip(remove).mapToInt(Integer::intValue).sorted().toArray();
    }
}
