package dev.seunit.examples.hsi;

import static dev.seunit.junit.assertj.SeunitAssertions.assertThat;
import static dev.seunit.transform.ActivationKind.HARD_SIGMOID;
import static dev.seunit.transform.ActivationKind.RELU;
import static dev.seunit.transform.ActivationKind.SIGMOID;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.ErrorPropagation;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.LayerDeviation;
import dev.seunit.campaign.Outcome;
import dev.seunit.campaign.Task;
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultScenario;
import dev.seunit.fault.FaultSite;
import dev.seunit.fault.NumberFormat;
import dev.seunit.junit.Bits;
import dev.seunit.junit.BoundedActivation;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.Inputs;
import dev.seunit.junit.InputsUnderTest;
import dev.seunit.junit.MaxErrorRate;
import dev.seunit.junit.ModelUnderTest;
import dev.seunit.model.ParameterInfo;
import dev.seunit.stats.Rate;
import dev.seunit.transform.ActivationKind;
import dev.seunit.transform.Variant;

/**
 * The hyperspectral U-Net study (arXiv 2412.03682), first part: does a bounded activation keep
 * bit flips in the parameters of a segmentation network from spreading? One U-Net per
 * activation (ReLU, Sigmoid, Hard Sigmoid), trained on synthetic scenes and shipped with the
 * examples; four held-out scenes; single bit flips in every parameter (conv and transposed-conv
 * weights and biases, batch-norm gamma, beta, running mean and variance).
 *
 * <p>An injection is CRITICAL when more than 1% of the pixels change class against the
 * fault-free run, SDC when some change but at most 1%, DUE when the output is not finite.
 *
 * <p>What the campaigns show (default budget; {@code -Pfull} runs ten times as many):
 * <ul>
 *   <li>MSB flips (bit 30, which sends |x| &lt; 1 to ~x * 2^128 and 1 &lt;= |x| &lt; 2 to Inf/NaN): about
 *       70% are critical in the ReLU network, about 15-18% in the Sigmoid and Hard Sigmoid ones: more
 *       than three times fewer, with 95% confidence.</li>
 *   <li>Flips of any bit: about 2.4% critical with ReLU against 0.5-0.7% with the bounded
 *       activations; below 5% for all three.</li>
 *   <li>Unlike the paper, Hard Sigmoid is not the most robust here: at the default budget its
 *       interval overlaps Sigmoid's, and with {@code -Pfull} (10,000 MSB flips each) Sigmoid is
 *       slightly but significantly better (critical + DUE 14.6% against 17.4%). Hard Sigmoid turns
 *       many more faults into small (SDC, at most 1% of the pixels) changes: 49% against 17%.</li>
 *   <li>Followed layer by layer, an MSB flip in an early weight reaches the ReLU network's output
 *       as a ~1e35 deviation; the Hard Sigmoid after the faulty layer clips it to at most 1.</li>
 * </ul>
 */
class HsiUNetStudyTest {

    /** Campaign results by campaign and activation, compared across variants after all ran. */
    private static final Map<String, Map<ActivationKind, CampaignResult>> RESULTS = new ConcurrentHashMap<>();

    @ModelUnderTest
    static Block model(NDManager manager, Variant variant) {
        return UNetModels.trained(manager, variant.activation()); // weights trained for this activation
    }

    @InputsUnderTest
    static Inputs heldOutScenes(NDManager manager) {
        HsiScenes.Scenes scenes = HsiScenes.heldOut(manager, 4);
        return Inputs.of(scenes.inputs(), scenes.labels());
    }

    @FaultCampaign(task = Task.Kind.SEGMENTATION, bits = Bits.MSB, tolerance = 0.01, injections = 1000, seed = 2412)
    @BoundedActivation({RELU, SIGMOID, HARD_SIGMOID})
    void msbFlips(CampaignResult result, Variant variant) {
        keep("MSB", variant, result);
        if (variant.activation() == RELU) {
            // unbounded: most MSB flips spread over more than 1% of the pixels
            assertThat(result).outcomeRate(Outcome.CRITICAL, Outcome.DUE).hasLowerBoundAbove(0.5);
        } else {
            assertThat(result).outcomeRate(Outcome.CRITICAL, Outcome.DUE).hasUpperBoundAtMost(0.30);
            assertThat(result).outcomeRate(Outcome.DUE).hasUpperBoundAtMost(0.02);
        }
    }

    @FaultCampaign(task = Task.Kind.SEGMENTATION, bits = Bits.ALL, tolerance = 0.01, injections = 4000, seed = 2412)
    @BoundedActivation({RELU, SIGMOID, HARD_SIGMOID})
    @MaxErrorRate(value = 0.05, outcome = {Outcome.CRITICAL, Outcome.DUE})
    void anyBitFlips(CampaignResult result, Variant variant) {
        keep("ALL", variant, result);
        // a flip of a random bit is mostly harmless: mantissa and low exponent bits barely move a value
        assertThat(result).outcomeRate(Outcome.MASKED, Outcome.BENIGN).hasLowerBoundAbove(0.9);
        if (variant.activation().isBounded()) {
            assertThat(result).outcomeRate(Outcome.CRITICAL, Outcome.DUE).hasUpperBoundAtMost(0.015);
        }
    }

    @Test
    void boundedActivationContainsAnEarlyMsbFlip() {
        try (NDManager manager = NDManager.newBaseManager()) {
            HsiScenes.Scenes scenes = HsiScenes.heldOut(manager, 4);
            List<LayerDeviation> relu = traceEarlyMsbFlip(manager, RELU, scenes);
            List<LayerDeviation> hardSigmoid = traceEarlyMsbFlip(manager, HARD_SIGMOID, scenes);
            System.out.println("MSB flip in enc2_conv_weight, deviation from golden per layer (max |delta|):");
            System.out.printf(Locale.ROOT, "  %-10s %12s %12s%n", "layer", "ReLU", "HardSigmoid");
            for (int i = 0; i < relu.size(); i++) {
                System.out.printf(Locale.ROOT, "  %-10s %12.3g %12.3g%n", relu.get(i).layer(), relu.get(i).maxAbsDelta(),
                        hardSigmoid.get(i).maxAbsDelta());
            }
            assertThat(deviation(relu, "enc2_conv")).as("the fault itself, ReLU").isGreaterThan(1e30);
            assertThat(deviation(hardSigmoid, "enc2_conv")).as("the fault itself, Hard Sigmoid").isGreaterThan(1e30);
            // ReLU passes the huge value on: it is still there at the output
            assertThat(deviation(relu, "head")).as("ReLU output deviation").isGreaterThan(1e30);
            // Hard Sigmoid clips it at the faulty layer's own activation; nothing after grows past a few units
            List<LayerDeviation> after = hardSigmoid.subList(indexOf(hardSigmoid, "enc2_act"), hardSigmoid.size());
            assertThat(after).allSatisfy(d -> assertThat(d.maxAbsDelta()).as(d.layer()).isLessThan(10));
            assertThat(after).filteredOn(d -> d.layer().endsWith("_act"))
                    .allSatisfy(d -> assertThat(d.maxAbsDelta()).as(d.layer()).isLessThanOrEqualTo(1));
            assertThat(after).allSatisfy(d -> assertThat(d.nonFinite()).as(d.layer()).isZero());
        }
    }

    /**
     * Flips bit 30 of the first enc2_conv weight in (0, 1) of a channel whose batch-norm gamma is
     * positive: the value becomes ~1e37 and, on the non-negative inputs of enc2, pushes that
     * channel up, the direction a ReLU lets through.
     */
    private static List<LayerDeviation> traceEarlyMsbFlip(NDManager manager, ActivationKind kind,
            HsiScenes.Scenes scenes) {
        Block block = UNetModels.trained(manager, kind);
        try (dev.seunit.model.ModelUnderTest model = dev.seunit.model.ModelUnderTest.of("unet-" + kind, block);
                GoldenRun golden = GoldenRun.of(model, scenes.inputs())) {
            ParameterInfo weight = model.parameter("enc2_conv_weight");
            ParameterInfo gamma = model.parameter("enc2_bn_gamma");
            long perChannel = weight.elementCount() / weight.shape().get(0);
            long index = -1;
            for (long i = 0; i < weight.elementCount() && index < 0; i++) {
                double w = model.readValue(weight, i);
                if (w > 0 && w < 1 && model.readValue(gamma, i / perChannel) > 0) {
                    index = i;
                }
            }
            assertThat(index).as("a weight in (0, 1) of a channel with positive gamma").isNotNegative();
            Fault fault = Fault.bitFlip(new FaultSite.Parameter(weight.name(), weight.layer(), index),
                    NumberFormat.FLOAT32, 30);
            return ErrorPropagation.trace(golden, FaultScenario.of(fault));
        }
    }

    private static int indexOf(List<LayerDeviation> deviations, String layer) {
        for (int i = 0; i < deviations.size(); i++) {
            if (deviations.get(i).layer().equals(layer)) {
                return i;
            }
        }
        throw new AssertionError("no layer " + layer + " among " + deviations);
    }

    private static double deviation(List<LayerDeviation> deviations, String layer) {
        return deviations.get(indexOf(deviations, layer)).maxAbsDelta();
    }

    private static void keep(String campaign, Variant variant, CampaignResult result) {
        RESULTS.computeIfAbsent(campaign, c -> new EnumMap<>(ActivationKind.class)).put(variant.activation(), result);
    }

    /** The comparisons across variants, once every variant of a campaign has run. */
    @AfterAll
    static void boundedActivationsAreMoreRobustThanRelu() {
        RESULTS.forEach((campaign, byActivation) -> byActivation.forEach((kind, r) -> System.out.printf(Locale.ROOT,
                "[study] %-3s %-12s critical %s  DUE %s  SDC %s  %.0f inj/s%n", campaign, kind,
                r.rate(Outcome.CRITICAL), r.rate(Outcome.DUE), r.rate(Outcome.SDC), r.injectionsPerSecond())));
        for (String campaign : List.of("MSB", "ALL")) {
            Map<ActivationKind, CampaignResult> byActivation = RESULTS.getOrDefault(campaign, Map.of());
            if (!byActivation.keySet().containsAll(List.of(RELU, SIGMOID, HARD_SIGMOID))) {
                continue; // a filtered run (one method or one variant): nothing to compare
            }
            CampaignResult relu = byActivation.get(RELU);
            Rate reluRate = relu.rate(Outcome.CRITICAL, Outcome.DUE);
            for (ActivationKind bounded : List.of(SIGMOID, HARD_SIGMOID)) {
                assertThat(byActivation.get(bounded)).hasSignificantlyLowerRateThan(relu, Outcome.CRITICAL, Outcome.DUE);
                if (campaign.equals("MSB") && bounded == HARD_SIGMOID && relu.injections() >= 5000) {
                    // only measurable with -Pfull: the paper's ranking does not hold on this network
                    assertThat(byActivation.get(SIGMOID)).hasSignificantlyLowerRateThan(byActivation.get(HARD_SIGMOID),
                            Outcome.CRITICAL, Outcome.DUE);
                }
                if (campaign.equals("MSB")) {
                    // at least three times fewer critical outcomes, with 95% confidence
                    Rate rate = byActivation.get(bounded).rate(Outcome.CRITICAL, Outcome.DUE);
                    assertThat(3 * rate.upper()).as("3 x the upper bound of " + bounded + " (" + rate
                            + ") against the lower bound of ReLU (" + reluRate + ")").isLessThan(reluRate.lower());
                }
            }
        }
    }
}
