package dev.seunit.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.seunit.campaign.EngineStatistics.Count;
import dev.seunit.fault.BitSelection;
import dev.seunit.model.InjectableModel;
import dev.seunit.testing.ChannelScale;
import dev.seunit.testing.SkipNet;
import dev.seunit.testing.TransformNets;

/**
 * Every shortcut checked against the naive loop (one full inference per fault): EXACT gives the
 * same records bit for bit, FAST the same outcomes on at least 99.9% of the scenarios, on a
 * sequential CNN and on a traceable net with a skip connection.
 */
class ExecutionModesTest {

    private static NDManager manager;
    private static final List<AutoCloseable> open = new ArrayList<>();
    private static GoldenRun cnn;
    private static GoldenRun skip;
    private static GoldenRun guarded;
    private static GoldenRun segmenter;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager("PyTorch");
        NDArray x = TransformNets.data(manager, 8, 5).x();
        cnn = golden("cnn", TransformNets.seededCnn(manager, Activation::reluBlock, 8, 11), x);
        skip = golden("skip", SkipNet.seeded(manager, 8, 12, false), x);
        guarded = golden("guarded-skip", SkipNet.seeded(manager, 8, 12, true), x);
        segmenter = golden("segmenter", segmenter(x.getShape()), x);
    }

    /** Fully convolutional: per-pixel classes at half the input's resolution (output 8 x 3 x 4 x 4). */
    private static Block segmenter(Shape input) {
        SequentialBlock net = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(TransformNets.CLASSES).build());
        TransformNets.setWeights(net, manager, input, 13);
        return net;
    }

    private static GoldenRun golden(String name, Block block, NDArray inputs) {
        InjectableModel model = InjectableModel.of(name, block);
        GoldenRun run = GoldenRun.of(model, inputs);
        open.add(run);
        open.add(model);
        return run;
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        manager.close();
    }

    private static Campaign campaign(GoldenRun golden, FaultTarget target, BitSelection bits, int count, Execution mode) {
        return Campaign.builder(golden).target(target).bits(bits).budget(Budget.count(count)).seed(31).execution(mode)
                .progress(ProgressListener.NONE).build();
    }

    static Stream<Arguments> nets() {
        return Stream.of(Arguments.of("cnn", FaultTarget.PARAMETERS), Arguments.of("cnn", FaultTarget.ACTIVATIONS),
                Arguments.of("skip", FaultTarget.PARAMETERS), Arguments.of("skip", FaultTarget.ACTIVATIONS));
    }

    private static GoldenRun net(String name) {
        return name.equals("cnn") ? cnn : skip;
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("nets")
    void exactGivesTheNaiveRecordsBitForBit(String net, FaultTarget target) {
        CampaignResult naive = campaign(net(net), target, BitSelection.ALL, 400, Execution.NAIVE).run();
        CampaignResult exact = campaign(net(net), target, BitSelection.ALL, 400, Execution.EXACT).run();

        assertThat(exact.engineStatistics().count(Count.REPLAYED)).as("scenarios replayed from their layer").isEqualTo(400);
        assertThat(exact.engineStatistics().count(Count.NAIVE)).isZero();
        for (int i = 0; i < 400; i++) {
            InjectionRecord n = naive.records().get(i);
            InjectionRecord e = exact.records().get(i);
            assertThat(e.sameResultAs(n)).as("record %d: naive %s, exact %s", i, n, e).isTrue();
        }
        if (target == FaultTarget.PARAMETERS) {
            assertThat(exact.engineStatistics().count(Count.EARLY_MASKED)).as("faults decided at their own layer").isPositive();
        }
    }

    static Stream<Arguments> fastCampaigns() {
        return Stream.of("cnn", "skip").flatMap(net -> Stream.of(
                Arguments.of(net, FaultTarget.PARAMETERS, BitSelection.ALL, 1500),
                Arguments.of(net, FaultTarget.PARAMETERS, BitSelection.MSB, 500),
                Arguments.of(net, FaultTarget.ACTIVATIONS, BitSelection.ALL, 1000)));
    }

    /**
     * FAST differs from the exact path only where a conv/linear delta rounds differently from the
     * real layer: the one kind of disagreement accepted is MASKED versus BENIGN with no prediction
     * changed (an output that differs from golden in the last bits, or not).
     */
    @ParameterizedTest(name = "{0}, {1}, {2}")
    @MethodSource("fastCampaigns")
    void fastAgreesWithNaiveOnAtLeast999PerMille(String net, FaultTarget target, BitSelection bits, int count) {
        String checksum = net(net).model().checksum();
        CampaignResult naive = campaign(net(net), target, bits, count, Execution.NAIVE).run();
        CampaignResult fast = campaign(net(net), target, bits, count, Execution.FAST).run();

        assertThat(fast.engineStatistics().count(Count.BATCHED)).as("scenarios run in batches").isPositive();
        if (target == FaultTarget.PARAMETERS && bits == BitSelection.ALL) {
            assertThat(fast.engineStatistics().count(Count.DELTAS)).as("faults computed as deltas").isPositive();
        }
        int agree = 0;
        for (int i = 0; i < count; i++) {
            InjectionRecord n = naive.records().get(i);
            InjectionRecord f = fast.records().get(i);
            assertThat(f.index()).isEqualTo(n.index());
            assertThat(f.scenario()).isEqualTo(n.scenario());
            assertThat(f.wordsBefore()).isEqualTo(n.wordsBefore());
            assertThat(f.wordsAfter()).isEqualTo(n.wordsAfter());
            if (f.outcome() == n.outcome()) {
                agree++;
                continue;
            }
            System.out.println("FAST/NAIVE disagreement on " + net + " " + target + " " + bits + ":\n  naive " + n
                    + " maxAbsDelta " + n.maxAbsDelta() + "\n  fast  " + f + " maxAbsDelta " + f.maxAbsDelta());
            assertThat(List.of(n.outcome(), f.outcome())).as("a borderline disagreement").containsExactlyInAnyOrder(
                    Outcome.MASKED, Outcome.BENIGN);
            assertThat(n.changedPredictions() + f.changedPredictions()).isZero();
        }
        assertThat((double) agree / count).as("outcome agreement").isGreaterThanOrEqualTo(0.999);
        assertThat(net(net).model().checksum()).isEqualTo(checksum);
    }

    static Stream<Arguments> certifying() {
        return Stream.of(Arguments.of("cnn", Task.classification()), Arguments.of("segmenter", Task.segmentation()));
    }

    /**
     * A fault FAST decides at a checkpoint without computing the output (BENIGN, maxAbsDelta NaN:
     * interval arithmetic proved that no prediction changes) is one the naive loop finds BENIGN or
     * MASKED with no prediction changed; turning checkpoints off gives the same outcomes. On a
     * classifier (a radius per image) and on a segmenter (a radius per pixel).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("certifying")
    void faultsCertifiedAtCheckpointsChangeNoPrediction(String net, Task task) {
        GoldenRun golden = net.equals("cnn") ? cnn : segmenter;
        CampaignResult naive = certifying(golden, task, Execution.NAIVE).run();
        CampaignResult fast = certifying(golden, task, Execution.FAST).run();
        long certified = fast.engineStatistics().count(Count.CERTIFIED);
        CampaignResult plain = certifying(golden, task, Execution.FAST, FastOptions.defaults().withCheckpoints(false))
                .run();
        assertThat(plain.engineStatistics().count(Count.CERTIFIED)
                + plain.engineStatistics().count(Count.MASKED_AT_CHECKPOINTS))
                .as("decided at checkpoints with them turned off").isZero();

        assertThat(certified).as("faults certified at checkpoints").isPositive();
        long notMeasured = 0;
        for (int i = 0; i < 800; i++) {
            InjectionRecord n = naive.records().get(i);
            InjectionRecord f = fast.records().get(i);
            if (Double.isNaN(f.maxAbsDelta())) {
                notMeasured++;
                assertThat(f.outcome()).isEqualTo(Outcome.BENIGN);
                assertThat(n.outcome()).as("record %d: %s", i, n).isIn(Outcome.BENIGN, Outcome.MASKED);
                assertThat(n.changedPredictions()).isZero();
            }
            assertThat(plain.records().get(i).outcome()).as("record %d", i).isEqualTo(f.outcome());
        }
        assertThat(notMeasured).isEqualTo(certified);
    }

    /** Weight faults, a seed of their own. */
    private static Campaign certifying(GoldenRun golden, Task task, Execution mode) {
        return certifying(golden, task, mode, FastOptions.defaults());
    }

    private static Campaign certifying(GoldenRun golden, Task task, Execution mode, FastOptions options) {
        return Campaign.builder(golden).target(FaultTarget.PARAMETERS).bits(BitSelection.ALL).task(task)
                .budget(Budget.count(800)).seed(37).execution(mode).fastOptions(options)
                .progress(ProgressListener.NONE).build();
    }

    @Test
    void aDueInABatchIsAttributedToItsOwnScenario() {
        CampaignResult naive = campaign(guarded, FaultTarget.PARAMETERS, BitSelection.MSB, 300, Execution.NAIVE).run();
        CampaignResult fast = campaign(guarded, FaultTarget.PARAMETERS, BitSelection.MSB, 300, Execution.FAST).run();

        assertThat(fast.engineStatistics().count(Count.BATCH_RETRIES)).as("batches rerun one by one").isPositive();
        long errors = naive.records().stream().filter(r -> r.error() != null).count();
        assertThat(errors).as("faults the guard layer rejects").isPositive();
        for (int i = 0; i < 300; i++) {
            InjectionRecord n = naive.records().get(i);
            InjectionRecord f = fast.records().get(i);
            assertThat(f.outcome()).as("record %d: %s vs %s", i, n, f).isEqualTo(n.outcome());
            assertThat(f.error()).as("record %d", i).isEqualTo(n.error());
        }
    }

    /**
     * Activations stack differently per batch; all-bits weight faults also share real-layer runs
     * (faults in distinct output channels written together) that depend on the batch.
     */
    @ParameterizedTest
    @EnumSource(value = FaultTarget.class, names = {"ACTIVATIONS", "PARAMETERS"})
    void fastRecordsDoNotDependOnTheBatchesTheyRanIn(FaultTarget target) {
        Campaign campaign = campaign(skip, target, BitSelection.ALL, 300, Execution.FAST);
        CampaignResult whole = campaign.run();
        List<CampaignResult> shards = IntStream.range(0, 3)
                .mapToObj(s -> campaign.run(IntStream.range(0, 300).filter(i -> i % 3 == s).toArray())).toList();
        List<InjectionRecord> merged = CampaignResult.ofShards(shards).records();
        for (int i = 0; i < 300; i++) {
            assertThat(merged.get(i).sameResultAs(whole.records().get(i))).as("record %d", i).isTrue();
        }
    }

    /** 64 golden inputs fill a batch alone: every batch holds one fault, and the cache must survive them all. */
    @Test
    void aGoldenBatchThatFillsABatchRunsOneFaultPerBatch() {
        NDArray x = TransformNets.data(manager, 64, 7).x();
        GoldenRun big = golden("cnn-64", TransformNets.seededCnn(manager, Activation::reluBlock, 8, 11), x);
        CampaignResult naive = campaign(big, FaultTarget.PARAMETERS, BitSelection.MSB, 60, Execution.NAIVE).run();
        CampaignResult fast = campaign(big, FaultTarget.PARAMETERS, BitSelection.MSB, 60, Execution.FAST).run();

        assertThat(fast.engineStatistics().count(Count.BATCHED)).isPositive();
        for (int i = 0; i < 60; i++) {
            assertThat(fast.records().get(i).outcome()).as("record %d", i).isEqualTo(naive.records().get(i).outcome());
        }
    }

    /** Suffixes run side by side on several threads give the records of one thread. */
    @ParameterizedTest
    @EnumSource(value = FaultTarget.class, names = {"ACTIVATIONS", "PARAMETERS"})
    void fastRecordsDoNotDependOnTheNumberOfSuffixThreads(FaultTarget target) {
        CampaignResult one = lanes(target, 1).run();
        CampaignResult three = lanes(target, 3).run();
        for (int i = 0; i < 300; i++) {
            assertThat(three.records().get(i).sameResultAs(one.records().get(i))).as("record %d", i).isTrue();
        }
    }

    private static Campaign lanes(FaultTarget target, int lanes) {
        return Campaign.builder(skip).target(target).bits(BitSelection.ALL).budget(Budget.count(300)).seed(31)
                .execution(Execution.FAST).fastOptions(FastOptions.defaults().withLanes(lanes))
                .progress(ProgressListener.NONE).build();
    }

    /**
     * A custom layer that reads its parameter through the parameter store gets a faulty copy
     * (its batches are prepared on the suffix threads); one that reads the parameter's array
     * directly has the fault written into the model, after the batches in flight. Both agree with
     * NAIVE and leave the model as it was.
     */
    @Test
    void customLayersGetTheirFaultsWhereverTheyReadTheirParameters() {
        SequentialBlock net = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(4).build())
                .add(new ChannelScale(true))
                .add(Activation.reluBlock())
                .add(new ChannelScale(false))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(TransformNets.CLASSES).build());
        TransformNets.setWeights(net, manager, new Shape(8, 1, TransformNets.SIDE, TransformNets.SIDE), 5);
        GoldenRun scaled = golden("scaled", net, TransformNets.data(manager, 8, 5).x());
        String checksum = scaled.model().checksum();
        CampaignResult naive = campaign(scaled, FaultTarget.PARAMETERS, BitSelection.ALL, 600, Execution.NAIVE).run();
        CampaignResult fast = campaign(scaled, FaultTarget.PARAMETERS, BitSelection.ALL, 600, Execution.FAST).run();

        long direct = fast.records().stream()
                .filter(r -> r.scenario().first().site().name().startsWith("04ChannelScale")).count();
        assertThat(direct).as("faults in the layer that reads its array").isPositive();
        assertThat(fast.engineStatistics().count(Count.MODEL_WRITES)).as("faults written into the model").isEqualTo(direct);
        assertThat(fast.engineStatistics().count(Count.REAL_LAYER)).as("real-layer faults, both custom layers")
                .isGreaterThan(direct);
        for (int i = 0; i < 600; i++) {
            InjectionRecord n = naive.records().get(i);
            InjectionRecord f = fast.records().get(i);
            assertThat(f.outcome()).as("record %d: naive %s, fast %s", i, n, f).isEqualTo(n.outcome());
        }
        assertThat(scaled.model().checksum()).isEqualTo(checksum);
    }

    @Test
    void theModeIsPartOfTheFingerprint() {
        assertThat(campaign(cnn, FaultTarget.PARAMETERS, BitSelection.ALL, 10, Execution.FAST).info().fingerprint())
                .isNotEqualTo(campaign(cnn, FaultTarget.PARAMETERS, BitSelection.ALL, 10, Execution.EXACT).info()
                        .fingerprint());
        assertThat(campaign(cnn, FaultTarget.PARAMETERS, BitSelection.ALL, 10, Execution.EXACT).info().execution())
                .isEqualTo(Execution.EXACT);
    }

    @Test
    void aTorchScriptModelRunsNaivelyInEveryMode() throws IOException, URISyntaxException {
        Path dir = Paths.get(getClass().getResource("/torchscript/tiny_cnn.pt").toURI()).getParent();
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("inputs.f32"))).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        try (InjectableModel model = InjectableModel.loadTorchScript(dir.resolve("tiny_cnn.pt"));
                NDManager scratch = NDManager.newBaseManager("PyTorch");
                GoldenRun golden = GoldenRun.of(model, scratch.create(values, new Shape(4, 1, 8, 8)))) {
            CampaignResult naive = campaign(golden, FaultTarget.PARAMETERS, BitSelection.ALL, 200, Execution.NAIVE).run();
            CampaignResult fast = campaign(golden, FaultTarget.PARAMETERS, BitSelection.ALL, 200, Execution.FAST).run();

            assertThat(fast.engineStatistics().count(Count.NAIVE)).isEqualTo(200);
            for (int i = 0; i < 200; i++) {
                assertThat(fast.records().get(i).sameResultAs(naive.records().get(i))).as("record %d", i).isTrue();
            }
        }
    }
}
