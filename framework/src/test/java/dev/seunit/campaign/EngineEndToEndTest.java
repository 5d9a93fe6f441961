package dev.seunit.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.seunit.fault.BitSelection;
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultModel;
import dev.seunit.fault.FaultScenario;
import dev.seunit.fault.FaultSite;
import dev.seunit.fault.NumberFormat;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.ParameterInfo;
import dev.seunit.testing.TinyNets;

/** The engine on a small conv net with set weights (see {@link TinyNets}), on the real PyTorch engine. */
class EngineEndToEndTest {

    private NDManager manager;
    private SequentialBlock net;
    private InjectableModel model;
    private GoldenRun golden;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager("PyTorch");
        net = TinyNets.convNet(manager);
        model = InjectableModel.of("tiny-conv", net);
        golden = GoldenRun.of(model, TinyNets.inputs(manager));
    }

    @AfterEach
    void tearDown() {
        golden.close();
        model.close();
        manager.close();
    }

    private Campaign.Builder campaign() {
        return Campaign.builder(golden).progress(ProgressListener.NONE);
    }

    private static FaultScenario flip(String parameter, String layer, long index, int bit) {
        return FaultScenario.of(Fault.bitFlip(FaultSite.parameter(parameter, layer, index), NumberFormat.FLOAT32, bit));
    }

    @Test
    void msbFlipOfAWeightEqualToOneMakesTheOutputNonFiniteAndIsDue() {
        ParameterInfo conv = model.parameter(TinyNets.CONV_WEIGHT);
        assertThat(model.readValue(conv, 4)).isEqualTo(1.0);

        InjectionRecord record = campaign().build().inject(0, flip(TinyNets.CONV_WEIGHT, "01Conv2d", 4, 30));

        assertThat(record.valueBefore()).isEqualTo(1.0);
        assertThat(record.valueAfter()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(record.outcome()).isEqualTo(Outcome.DUE);
        assertThat(record.nonFinite()).isPositive();
        assertThat(model.readValue(conv, 4)).as("restored after the injection").isEqualTo(1.0);
    }

    @Test
    void signFlipOfAWeightFeedingOnlyAChannelZeroedByReluIsMasked() {
        // channel 1 of the conv has bias -100: ReLU zeroes it whatever its weights are
        InjectionRecord record = campaign().build().inject(0, flip(TinyNets.CONV_WEIGHT, "01Conv2d", 9 + 4, 31));

        assertThat(record.valueBefore()).isEqualTo(0.1f);
        assertThat(record.valueAfter()).isEqualTo(-0.1f);
        assertThat(record.outcome()).isEqualTo(Outcome.MASKED);
        assertThat(record.maxAbsDelta()).isZero();
    }

    @Test
    void tenThousandInjectionsLeaveTheParameterChecksumUnchanged() {
        String before = model.checksum();

        // single flips give only 119 x 32 = 3808 distinct faults here; 2-bit upsets give 59,024
        CampaignResult result = campaign().faultModel(FaultModel.randomBits(2)).budget(Budget.count(10_000)).seed(7)
                .build().run();

        assertThat(result.injections()).isEqualTo(10_000);
        assertThat(model.checksum()).isEqualTo(before);
        assertThat(result.counts().total()).isEqualTo(10_000);
        // an all-bits campaign on this net sees every kind of effect
        assertThat(result.count(Outcome.MASKED)).isPositive();
        assertThat(result.count(Outcome.DUE)).isPositive();
        assertThat(result.count(Outcome.CRITICAL)).isPositive();
        System.out.printf("10,000 injections: %.0f inj/s, %s%n", result.injectionsPerSecond(), result.counts());
    }

    @Test
    void campaignsWorkOnAFreshThreadWhereTorchRecordsGradientsByDefault() throws Exception {
        // PyTorch's grad mode is per thread: parallel test runners start workers with it on
        java.util.concurrent.atomic.AtomicReference<CampaignResult> result = new java.util.concurrent.atomic.AtomicReference<>();
        Thread worker = new Thread(() -> result.set(campaign().budget(Budget.count(200)).build().run()));
        worker.start();
        worker.join();

        assertThat(result.get().records()).allSatisfy(r -> assertThat(r.error()).isNull());
        assertThat(result.get().records()).extracting(InjectionRecord::outcome).contains(Outcome.MASKED);
    }

    @Test
    void aBudgetLargerThanTheFaultSpaceRunsEveryFaultOnce() {
        Campaign campaign = campaign().budget(Budget.count(10_000)).build();

        assertThat(campaign.faultSpace().size()).isEqualTo(119 * 32);
        assertThat(campaign.scenarios()).hasSize(119 * 32).doesNotHaveDuplicates();
    }

    @Test
    void theSameSeedGivesIdenticalRecordsAndAnotherSeedOtherFaults() {
        Campaign.Builder config = campaign().budget(Budget.count(300)).bits(BitSelection.EXPONENT);
        List<InjectionRecord> first = config.seed(11).build().run().records();
        List<InjectionRecord> second = config.seed(11).build().run().records();
        List<InjectionRecord> other = config.seed(12).build().run().records();

        assertThat(first).hasSize(300);
        for (int i = 0; i < first.size(); i++) {
            assertThat(first.get(i).sameResultAs(second.get(i))).as("record %d: %s vs %s", i, first.get(i), second.get(i))
                    .isTrue();
        }
        assertThat(other.stream().map(InjectionRecord::scenario).toList())
                .isNotEqualTo(first.stream().map(InjectionRecord::scenario).toList());
    }

    @Test
    void anActivationFaultHitsTheSameElementOfEveryInputAndChangesTheOutputByItsWeight() {
        // the ReLU output of channel 1 is always 0; bit 30 turns 0.0 into 2.0
        long element = 16 + 5; // channel 1, position 5 of the 4x4 map
        FaultScenario scenario = FaultScenario.of(
                Fault.bitFlip(FaultSite.activation("02LambdaBlock", element), NumberFormat.FLOAT32, 30));

        InjectionRecord record = campaign().build().inject(0, scenario);

        assertThat(record.wordsBefore()).containsExactly(0L);
        assertThat(record.wordsAfter()).containsExactly(0x40000000L);
        NDArray w = TinyNets.parameter(net, TinyNets.LINEAR_WEIGHT).getArray();
        double expected = 0;
        for (int c = 0; c < 3; c++) {
            expected = Math.max(expected, Math.abs(2 * w.getFloat(c, element)));
        }
        assertThat(record.maxAbsDelta()).isCloseTo(expected, within(1e-5));
        float[] faulty = golden.outputUnder(scenario);
        float[] reference = golden.output();
        for (int n = 0; n < 4; n++) {
            for (int c = 0; c < 3; c++) {
                assertThat(faulty[n * 3 + c] - reference[n * 3 + c]).as("input %d class %d", n, c)
                        .isCloseTo(2 * w.getFloat(c, element), within(1e-5f));
            }
        }
    }

    @Test
    void anActivationCampaignDrawsFromTheLayerOutputs() {
        CampaignResult result = campaign().target(FaultTarget.ACTIVATIONS).layers("02*").bits(BitSelection.MSB)
                .budget(Budget.exhaustive()).build().run();

        // 32 elements per input in the ReLU output, one MSB each
        assertThat(result.injections()).isEqualTo(32);
        assertThat(result.byLayer()).containsOnlyKeys("02LambdaBlock");
        // channel 0 is positive (>= 1 at most positions): its MSB flips give Inf; channel 1 is 0 -> 2.0
        assertThat(result.count(Outcome.DUE) + result.count(Outcome.CRITICAL) + result.count(Outcome.BENIGN))
                .isEqualTo(32);
    }

    @Test
    void errorPropagationShowsReluStoppingAFaultInAZeroedChannel() {
        String before = model.checksum();
        List<LayerDeviation> stopped = ErrorPropagation.trace(golden, flip(TinyNets.CONV_WEIGHT, "01Conv2d", 9 + 4, 31));
        assertThat(stopped).extracting(LayerDeviation::layer)
                .containsExactly("01Conv2d", "02LambdaBlock", "03LambdaBlock", "04Linear");
        assertThat(stopped.get(0).changed()).isPositive();
        assertThat(stopped.get(1).changed()).isZero();
        assertThat(stopped.get(3).changed()).isZero();

        List<LayerDeviation> spread = ErrorPropagation.trace(golden, flip(TinyNets.CONV_WEIGHT, "01Conv2d", 4, 22));
        assertThat(spread).allSatisfy(d -> assertThat(d.changed()).as(d.layer()).isPositive());
        assertThat(model.checksum()).as("the parameters after tracing two faults").isEqualTo(before);
    }

    /** The fault worth tracing is where an error has the network to cross, not the worst one, usually in the head. */
    @Test
    void theShowcaseIsTheMostSevereFaultOfTheEarliestFailingLayerBesideTheMostSevereOverall() {
        CampaignResult result = campaign().bits(BitSelection.ALL).budget(Budget.count(400)).seed(3).build().run();
        InjectionRecord mostSevere = result.worst(1).get(0);

        List<InjectionRecord> showcase = ErrorPropagation.showcase(result);

        assertThat(showcase).hasSize(2).last().isEqualTo(mostSevere);
        InjectionRecord earliest = showcase.get(0);
        assertThat(earliest.outcome().isFailure()).isTrue();
        assertThat(mostSevere.fault().site().layer()).isEqualTo("04Linear");
        assertThat(earliest.fault().site().layer()).isEqualTo("01Conv2d");
        assertThat(result.records()).filteredOn(r -> r.outcome().isFailure() && r.fault().site().layer().equals("01Conv2d"))
                .allSatisfy(r -> assertThat(CampaignResult.SEVERITY.compare(earliest, r)).isLessThanOrEqualTo(0));

        List<ErrorPropagation.Trace> traces = ErrorPropagation.traceShowcase(golden, result);
        assertThat(traces).extracting(ErrorPropagation.Trace::injection).containsExactlyElementsOf(showcase);
        assertThat(traces.get(0).title()).contains("earliest layer").contains("01Conv2d");
        assertThat(traces.get(0).layers()).extracting(LayerDeviation::layer)
                .containsExactly("01Conv2d", "02LambdaBlock", "03LambdaBlock", "04Linear");
        assertThat(traces.get(1).title()).isEqualTo("most severe fault");
        assertThat(model.checksum()).isEqualTo(golden.model().checksum());
    }

    @Test
    void aDeviationWithNonFiniteValuesSaysSo() {
        // bit 30 of the conv weight 1.0: Inf in the conv output, NaN after
        List<LayerDeviation> due = ErrorPropagation.trace(golden, flip(TinyNets.CONV_WEIGHT, "01Conv2d", 4, 30));
        LayerDeviation conv = due.get(0);
        assertThat(conv.nonFinite()).isPositive();
        assertThat(conv.largestDeviation()).isEqualTo("Inf/NaN");
        assertThat(conv.toString()).contains("max|d| Inf/NaN").doesNotContain("max|d| 0");
        LayerDeviation unchanged = new LayerDeviation("x", 10, 0, 0, 0);
        assertThat(unchanged.largestDeviation()).isEqualTo("0");
        assertThat(new LayerDeviation("x", 10, 2, 0.125, 0).largestDeviation()).isEqualTo("0.1250");
    }

    @Test
    void aStatisticalBudgetDrawsTheLeveugleSampleOfEachLayer() {
        Campaign campaign = campaign().budget(Budget.statistical(0.05, 0.95)).bits(BitSelection.ALL).build();

        List<FaultScenario> planned = campaign.scenarios();

        long conv = planned.stream().filter(s -> s.first().site().layer().equals("01Conv2d")).count();
        long linear = planned.stream().filter(s -> s.first().site().layer().equals("04Linear")).count();
        // conv: (18 + 2) values x 32 bits = 640; linear: (96 + 3) x 32 = 3168
        assertThat(conv).isEqualTo(dev.seunit.stats.SampleSize.leveugle(640, 0.05, 0.95));
        assertThat(linear).isEqualTo(dev.seunit.stats.SampleSize.leveugle(3168, 0.05, 0.95));
        assertThat(planned).doesNotHaveDuplicates();
        assertThat(campaign.info().sampler()).isEqualTo(Sampler.STRATIFIED);
    }
}
