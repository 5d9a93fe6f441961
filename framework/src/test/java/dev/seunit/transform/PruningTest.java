package dev.seunit.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.seunit.campaign.Task;
import dev.seunit.model.InjectableModel;
import dev.seunit.stats.MagnitudeBucket;
import dev.seunit.testing.TransformNets;

/** Structured and unstructured pruning and the iterative schedule, on real DJL blocks. */
class PruningTest {

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /**
     * conv1 (1 -> 4) BN ReLU pool conv2 (4 -> 4) ReLU flatten linear (64 -> 3). In both convs,
     * channels 1 and 3 have the smallest L1 norms and a bias of -100: ReLU zeroes them for any input.
     */
    private SequentialBlock deadChannelNet() {
        SequentialBlock net = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(4).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(4).build())
                .add(Activation.reluBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(3).build());
        TransformNets.setWeights(net, manager, new Shape(4, 1, 8, 8), 17);
        float[] conv1 = new float[4 * 9];
        float[] per = {0.5f, 0.01f, 0.3f, -0.02f};
        for (int i = 0; i < conv1.length; i++) {
            conv1[i] = per[i / 9];
        }
        parameter(net, "01Conv2d_weight").set(conv1);
        parameter(net, "01Conv2d_bias").set(new float[] {0.1f, -100f, 0f, -100f});
        parameter(net, "02BatchNorm_gamma").set(new float[] {1f, 1f, 1f, 1f});
        parameter(net, "02BatchNorm_beta").set(new float[] {0f, 0f, 0f, 0f});
        parameter(net, "02BatchNorm_runningMean").set(new float[] {0f, 0f, 0f, 0f});
        parameter(net, "02BatchNorm_runningVar").set(new float[] {1f, 1f, 1f, 1f});
        float[] conv2 = parameter(net, "05Conv2d_weight").toFloatArray();
        for (int i = 0; i < conv2.length; i++) {
            int channel = i / 36;
            conv2[i] = channel % 2 == 1 ? conv2[i] * 0.01f : conv2[i];
        }
        parameter(net, "05Conv2d_weight").set(conv2);
        parameter(net, "05Conv2d_bias").set(new float[] {0.1f, -100f, 0.1f, -100f});
        return net;
    }

    private static NDArray parameter(Block net, String name) {
        return net.getParameters().get(name).getArray();
    }

    @Test
    void halvingTheChannelsRemovesTheLowestL1OnesAndLeavesTheOutputUnchangedWhenTheyWereDead() {
        SequentialBlock net = deadChannelNet();
        NDArray x = TransformNets.data(manager, 4, 1).x();

        try (VariantModel pruned = Variants.apply(net, Variant.BASELINE.withPruning(50), x, null);
                InjectableModel original = InjectableModel.of(net); InjectableModel variant = pruned.injectableModel()) {
            Block p = pruned.block();
            // conv1 keeps channels 0 and 2, with their batch-norm entries
            assertThat(parameter(p, "01Conv2d_weight").getShape()).isEqualTo(new Shape(2, 1, 3, 3));
            assertThat(parameter(p, "01Conv2d_weight").toFloatArray())
                    .containsExactly(rows(parameter(net, "01Conv2d_weight"), 0, 2).toFloatArray());
            assertThat(parameter(p, "01Conv2d_bias").toFloatArray()).containsExactly(0.1f, 0f);
            assertThat(parameter(p, "02BatchNorm_gamma").getShape()).isEqualTo(new Shape(2));
            // conv2 keeps output channels 0 and 2, and reads only input channels 0 and 2
            NDArray conv2 = parameter(net, "05Conv2d_weight");
            assertThat(parameter(p, "05Conv2d_weight").getShape()).isEqualTo(new Shape(2, 2, 3, 3));
            assertThat(parameter(p, "05Conv2d_weight").toFloatArray())
                    .containsExactly(columns(rows(conv2, 0, 2), 0, 2).toFloatArray());
            // the linear layer reads the 16 features of conv2's channels 0 and 2
            NDArray linear = parameter(net, "08Linear_weight");
            assertThat(parameter(p, "08Linear_weight").toFloatArray()).containsExactly(NDArrayConcat.columns(linear,
                    new int[][] {{0, 16}, {32, 48}}).toFloatArray());

            float[] expected = original.forward(new NDList(x)).head().toFloatArray();
            float[] actual = variant.forward(new NDList(x)).head().toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as("output %d", i).isCloseTo(expected[i], within(1e-5f));
            }

            PruningReport report = pruned.pruning().orElseThrow();
            assertThat(report.layers()).containsExactly(new PruningReport.PrunedLayer("01Conv2d", 4, 2),
                    new PruningReport.PrunedLayer("05Conv2d", 4, 2));
            assertThat(report.keptWhole()).containsOnlyKeys("08Linear");
            // 36+4 + 4*4 + 144+4 + 192+3 = 399 parameters before; 18+2 + 4*2 + 36+2 + 96+3 = 165 after
            assertThat(report.before().count()).isEqualTo(399);
            assertThat(report.after().count()).isEqualTo(165);
            assertThat(report.sparsityAfter()).isCloseTo(1 - (165.0 - report.after().zeros()) / 399, within(1e-12));
            assertThat(pruned.accuracy()).isEqualTo(1.0); // agreement with the unpruned model
        }
    }

    private NDArray rows(NDArray a, int... rows) {
        return NDArrayConcat.rows(a, rows);
    }

    private NDArray columns(NDArray a, int... columns) {
        return NDArrayConcat.columns(a, Arrays.stream(columns).mapToObj(c -> new int[] {c, c + 1})
                .toArray(int[][]::new));
    }

    /** Slices for expected values, computed with plain NDArray indexing. */
    static final class NDArrayConcat {
        static NDArray rows(NDArray a, int... rows) {
            NDList parts = new NDList();
            for (int r : rows) {
                parts.add(a.get(r + ":" + (r + 1)));
            }
            return ai.djl.ndarray.NDArrays.concat(parts, 0);
        }

        static NDArray columns(NDArray a, int[][] ranges) {
            NDList parts = new NDList();
            for (int[] r : ranges) {
                parts.add(a.get(":, " + r[0] + ":" + r[1]));
            }
            return ai.djl.ndarray.NDArrays.concat(parts, 1);
        }
    }

    @Test
    void theChannelsKeptAreThoseWithTheLargestL1NormsOfASeededNet() {
        SequentialBlock net = TransformNets.seededCnn(manager, Activation::reluBlock, 4, 8);
        NDArray x = TransformNets.data(manager, 4, 2).x();
        try (VariantModel pruned = Variants.apply(net, Variant.BASELINE.withPruning(50), x, null)) {
            for (String conv : new String[] {"01Conv2d", "05Conv2d"}) {
                NDArray w = parameter(net, conv + "_weight");
                int channels = (int) w.getShape().get(0);
                float[] values = w.toFloatArray();
                int per = values.length / channels;
                double[] l1 = new double[channels];
                for (int i = 0; i < values.length; i++) {
                    l1[i / per] += Math.abs(values[i]);
                }
                double[] sorted = l1.clone();
                Arrays.sort(sorted);
                double median = (sorted[channels / 2 - 1] + sorted[channels / 2]) / 2;
                List<Integer> strongest = new ArrayList<>();
                for (int c = 0; c < channels; c++) {
                    if (l1[c] > median) {
                        strongest.add(c);
                    }
                }
                assertThat(strongest).hasSize(channels / 2);
                NDArray kept = parameter(pruned.block(), conv + "_weight");
                assertThat(kept.getShape().get(0)).isEqualTo(channels / 2L);
                NDArray expected = rows(w, strongest.stream().mapToInt(Integer::intValue).toArray());
                if (conv.equals("05Conv2d")) {
                    // its inputs are conv1's kept channels
                    int[] conv1Kept = keptRows(parameter(net, "01Conv2d_weight"), parameter(pruned.block(),
                            "01Conv2d_weight"));
                    expected = columns(expected, conv1Kept);
                }
                assertThat(kept.toFloatArray()).as(conv).containsExactly(expected.toFloatArray());
            }
        }
    }

    /** Which rows of {@code original} {@code kept} holds, in order. */
    private static int[] keptRows(NDArray original, NDArray kept) {
        int per = (int) (original.size() / original.getShape().get(0));
        float[] o = original.toFloatArray();
        float[] k = kept.toFloatArray();
        int[] rows = new int[(int) kept.getShape().get(0)];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < original.getShape().get(0); c++) {
                if (Arrays.equals(Arrays.copyOfRange(o, c * per, (c + 1) * per), Arrays.copyOfRange(k, r * per,
                        (r + 1) * per))) {
                    rows[r] = c;
                }
            }
        }
        return rows;
    }

    @Test
    void unstructuredPruningZeroesTheSmallestHalfOfEachWeightTensorAndRaisesTheShareOfLargeValues() {
        SequentialBlock net = TransformNets.seededCnn(manager, Activation::reluBlock, 4, 8);
        NDArray x = TransformNets.data(manager, 4, 2).x();
        try (VariantModel pruned = Variants.factory(net).inputs(x).pruning(PruningMethod.WEIGHTS_MAGNITUDE)
                .create(Variant.BASELINE.withPruning(50))) {
            for (String name : new String[] {"01Conv2d_weight", "05Conv2d_weight", "09Linear_weight"}) {
                float[] before = parameter(net, name).toFloatArray();
                float[] after = parameter(pruned.block(), name).toFloatArray();
                float largestZeroed = 0;
                float smallestKept = Float.MAX_VALUE;
                int zeros = 0;
                for (int i = 0; i < before.length; i++) {
                    if (after[i] == 0) {
                        zeros++;
                        largestZeroed = Math.max(largestZeroed, Math.abs(before[i]));
                    } else {
                        assertThat(after[i]).isEqualTo(before[i]);
                        smallestKept = Math.min(smallestKept, Math.abs(before[i]));
                    }
                }
                assertThat(zeros).as(name).isEqualTo(before.length / 2);
                assertThat(largestZeroed).as(name).isLessThanOrEqualTo(smallestKept);
            }
            PruningReport report = pruned.pruning().orElseThrow();
            assertThat(report.before().count()).isEqualTo(report.after().count());
            // half of the 72 + 1152 + 768 weights are zero now; biases and batch norms are not pruned
            assertThat(report.after().zeros()).isEqualTo(996);
            assertThat(report.sparsityBefore()).isZero();
            assertThat(report.sparsityAfter()).isCloseTo(996.0 / report.before().count(), within(1e-12));
            assertThat(report.shareOneToTwoAfter()).isGreaterThan(report.shareOneToTwoBefore());
            assertThat(report.after().share(MagnitudeBucket.BELOW_ONE))
                    .isGreaterThanOrEqualTo(report.before().share(MagnitudeBucket.BELOW_ONE));
            assertThat(report.layers()).extracting(PruningReport.PrunedLayer::after).containsExactly(36L, 576L, 384L);
        }
    }

    @Test
    void theScheduleStopsAtTheFirstStepBelowTheTargetAndKeepsTheStepBefore() {
        SequentialBlock net = TransformNets.seededCnn(manager, Activation::reluBlock, 4, 8);
        List<Long> fineTuned = new ArrayList<>();
        // a measure any block has: the share of conv1's 8 channels left
        try (VariantModel pruned = PruningSchedule.of(PruningMethod.CHANNELS_L1, 25, 50, 75)
                .fineTune(block -> fineTuned.add(parameter(block, "01Conv2d_weight").getShape().get(0)))
                .keepAccuracyAtLeast(block -> parameter(block, "01Conv2d_weight").getShape().get(0) / 8.0, 0.5)
                .run(net)) {
            assertThat(fineTuned).containsExactly(6L, 4L, 2L);
            PruningReport report = pruned.pruning().orElseThrow();
            assertThat(report.steps()).extracting(PruningReport.Step::percent).containsExactly(25, 50, 75);
            assertThat(report.steps()).extracting(PruningReport.Step::accepted).containsExactly(true, true, false);
            assertThat(report.percent()).isEqualTo(50);
            assertThat(pruned.variant().prunedPercent()).isEqualTo(50);
            assertThat(parameter(pruned.block(), "01Conv2d_weight").getShape().get(0)).isEqualTo(4);
            assertThat(pruned.accuracy()).isEqualTo(0.5);
            assertThat(pruned.notes()).singleElement().asString().contains("stopped at 50%");
        }
        assertThat(parameter(net, "01Conv2d_weight").getShape().get(0)).isEqualTo(8);
    }

    @Test
    void fineTuningWithADjlTrainerKeepsPrunedWeightsAtZeroAndRecoversAccuracy() {
        TransformNets.Data train = TransformNets.data(manager, 384, 1);
        TransformNets.Data test = TransformNets.data(manager, 96, 2);
        ai.djl.engine.Engine.getInstance().setRandomSeed(3);
        SequentialBlock net = TransformNets.seededCnn(manager, Activation::reluBlock, 32, 8);
        TransformNets.train(net, train, 4, 0.01f);
        double trained = Accuracy.of(net, test.x(), test.y(), Task.classification());
        assertThat(trained).as("accuracy of the trained model").isGreaterThan(0.9);

        PruningSchedule oneShot = PruningSchedule.of(PruningMethod.WEIGHTS_MAGNITUDE, 80)
                .measure(Accuracy.on(test.x(), test.y(), Task.classification()));
        PruningSchedule fineTuned = PruningSchedule.of(PruningMethod.WEIGHTS_MAGNITUDE, 40, 80)
                .fineTune(block -> TransformNets.train(block, train, 1, 0.005f))
                .measure(Accuracy.on(test.x(), test.y(), Task.classification()));
        try (VariantModel plain = oneShot.run(net); VariantModel tuned = fineTuned.run(net)) {
            for (String name : new String[] {"01Conv2d_weight", "05Conv2d_weight", "09Linear_weight"}) {
                float[] w = parameter(tuned.block(), name).toFloatArray();
                long zeros = 0;
                for (float v : w) {
                    zeros += v == 0 ? 1 : 0;
                }
                assertThat(zeros).as("zeros of %s after fine-tuning", name).isEqualTo((long) Math.floor(w.length * 0.8));
            }
            assertThat(tuned.pruning().orElseThrow().steps()).extracting(PruningReport.Step::accepted)
                    .containsExactly(true, true);
            assertThat(tuned.accuracy()).isGreaterThanOrEqualTo(plain.accuracy());
            assertThat(tuned.baselineAccuracy()).isEqualTo(trained);
            System.out.printf("trained %.3f, 80%% one-shot %.3f, 80%% in two fine-tuned steps %.3f%n", trained,
                    plain.accuracy(), tuned.accuracy());
        }
    }

    @Test
    void hiddenLinearUnitsAndChannelsBeforeGlobalPoolingArePrunedToo() {
        SequentialBlock net = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build())
                .add(Activation.reluBlock())
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(6).build())
                .add(ActivationBlock.of(ActivationKind.TANH))
                .add(Linear.builder().setUnits(2).build());
        TransformNets.setWeights(net, manager, new Shape(2, 1, 5, 5), 4);
        NDArray x = TransformNets.data(manager, 2, 1).x().get(":, :, 0:5, 0:5");
        try (VariantModel pruned = Variants.apply(net, Variant.BASELINE.withPruning(50), x, null);
                InjectableModel variant = pruned.injectableModel()) {
            assertThat(pruned.pruning().orElseThrow().layers()).containsExactly(
                    new PruningReport.PrunedLayer("01Conv2d", 4, 2), new PruningReport.PrunedLayer("04Linear", 6, 3));
            assertThat(parameter(pruned.block(), "04Linear_weight").getShape()).isEqualTo(new Shape(3, 2));
            assertThat(parameter(pruned.block(), "06Linear_weight").getShape()).isEqualTo(new Shape(2, 3));
            // the hidden layer keeps its 3 units of largest L1 norm and reads the 2 channels conv1 kept
            int[] channels = keptRows(parameter(net, "01Conv2d_weight"), parameter(pruned.block(), "01Conv2d_weight"));
            float[] hidden = parameter(net, "04Linear_weight").toFloatArray();
            double[] l1 = new double[6];
            for (int i = 0; i < hidden.length; i++) {
                l1[i / 4] += Math.abs(hidden[i]);
            }
            int[] units = java.util.stream.IntStream.range(0, 6).boxed()
                    .sorted((a, b) -> Double.compare(l1[b], l1[a])).limit(3).sorted().mapToInt(Integer::intValue)
                    .toArray();
            assertThat(parameter(pruned.block(), "04Linear_weight").toFloatArray()).containsExactly(
                    columns(rows(parameter(net, "04Linear_weight"), units), channels).toFloatArray());
            assertThat(variant.forward(new NDList(x)).head().getShape()).isEqualTo(new Shape(2, 2));
        }
    }

    @Test
    void channelPruningThatCanRemoveNothingFailsAndNamesTheLayersAndTheFix() {
        SequentialBlock net = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build())
                .add(Activation.reluBlock())
                .add(new ai.djl.nn.LambdaBlock(l -> new NDList(l.head().transpose(0, 1, 3, 2)), "transpose"))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(2).build());
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 5, 5));
        try (InjectableModel original = InjectableModel.of(net)) {
            String checksum = original.checksum();
            assertThatThrownBy(() -> Variants.factory(net).create(Variant.BASELINE.withPruning(50)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("can remove no channel")
                    .hasMessageContaining("01Conv2d").hasMessageContaining("transpose")
                    .hasMessageContaining("05Linear")
                    .hasMessageContaining("PruningMethod.WEIGHTS_MAGNITUDE");
            assertThat(original.checksum()).isEqualTo(checksum);
            // the fix the message names works on the same model
            try (VariantModel pruned = Variants.factory(net).pruning(PruningMethod.WEIGHTS_MAGNITUDE)
                    .create(Variant.BASELINE.withPruning(50))) {
                assertThat(pruned.pruning().orElseThrow().sparsityAfter()).isGreaterThan(0.4);
            }
        }
    }

    @Test
    void pruningLeavesTheOriginalAsItWas() {
        SequentialBlock net = TransformNets.seededCnn(manager, Activation::reluBlock, 4, 8);
        try (InjectableModel original = InjectableModel.of(net)) {
            String checksum = original.checksum();
            for (PruningMethod method : PruningMethod.values()) {
                try (VariantModel pruned = Variants.factory(net).pruning(method).create(Variant.BASELINE.withPruning(60))) {
                    assertThat(pruned.distribution().count()).isLessThanOrEqualTo(original.parameters().stream()
                            .mapToLong(p -> p.elementCount()).sum());
                }
            }
            assertThat(original.checksum()).isEqualTo(checksum);
        }
    }
}
