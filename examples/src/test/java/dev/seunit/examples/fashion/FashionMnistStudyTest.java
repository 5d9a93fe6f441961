package dev.seunit.examples.fashion;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.Outcome;
import dev.seunit.fault.BitSelection;
import dev.seunit.junit.BoundedActivation;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.Inputs;
import dev.seunit.junit.InputsUnderTest;
import dev.seunit.junit.ModelUnderTest;
import dev.seunit.transform.ActivationKind;
import dev.seunit.transform.Variant;

/**
 * Does a bounded activation help beyond segmentation? A small CNN classifies Fashion-MNIST
 * (Zalando Research, MIT licence), trained once per activation ({@link TrainFashionCnn}); single
 * bit flips in every parameter, 64 shipped test images per inference. An injection is CRITICAL
 * when more than 2% of the images (two or more) change class against the fault-free run.
 *
 * <p>What the campaigns show (the assertions encode it):
 * <ul>
 *   <li>No: under MSB flips a bounded activation does not make this classifier more robust. Nearly
 *       every MSB flip is critical in all three networks, and significantly more often with the
 *       bounded ones (about 93% ReLU, 97% Sigmoid, 99.7% Hard Sigmoid, CRITICAL + DUE). A weight
 *       of the first convolution multiplied by 2^128 saturates its channel's Sigmoid or Hard
 *       Sigmoid at 1 over the whole image: the channel's information is gone, for every image.
 *       In the last (linear) layer no activation follows at all.</li>
 *   <li>What the bounded activations do remove is the Inf/NaN: DUEs fall from about 3% (ReLU) to
 *       well below 1%.</li>
 *   <li>Flips of any bit: about 3-5% critical for all three, not significantly different.</li>
 * </ul>
 */
class FashionMnistStudyTest {

    private static final Map<String, Map<ActivationKind, CampaignResult>> RESULTS = new ConcurrentHashMap<>();

    @ModelUnderTest
    static Block model(NDManager manager, Variant variant) {
        return FashionCnn.trained(manager, variant.activation()); // the weights trained with this activation
    }

    @InputsUnderTest
    static Inputs testImages(NDManager manager) {
        FashionMnist.Data data = FashionMnist.shippedTest(manager, 64);
        return Inputs.of(data.images(), data.labels());
    }

    @ParameterizedTest
    @EnumSource(names = {"RELU", "SIGMOID", "HARD_SIGMOID"})
    void shippedNetworksClassifyTheShippedTestImages(ActivationKind kind) {
        try (NDManager manager = NDManager.newBaseManager()) {
            double accuracy = FashionCnn.accuracy(FashionCnn.trained(manager, kind),
                    FashionMnist.shippedTest(manager, FashionMnist.SHIPPED));
            System.out.printf(Locale.ROOT, "[fashion] %-12s top-1 accuracy %.4f on the %d shipped test images%n", kind,
                    accuracy, FashionMnist.SHIPPED);
            // 0.88-0.90 on the 10,000 test images (fashion-cnn-metrics.txt); the first 300 are a little easier
            assertThat(accuracy).as(kind + " top-1 accuracy").isGreaterThan(0.90);
        }
    }

    @FaultCampaign(bits = BitSelection.Kind.MSB, criticalShare = 0.02, injections = 600, seed = 2412)
    @BoundedActivation({RELU, SIGMOID, HARD_SIGMOID})
    void msbFlips(CampaignResult result, Variant variant) {
        keep("MSB", variant, result);
        // a small classifier: almost every MSB flip changes the class of several images, whatever the activation
        assertThat(result).outcomeRate(Outcome.CRITICAL, Outcome.DUE).hasLowerBoundAbove(0.85);
        if (variant.activation().isBounded()) {
            assertThat(result).outcomeRate(Outcome.DUE).hasUpperBoundAtMost(0.02);
        } else {
            assertThat(result).outcomeRate(Outcome.DUE).hasLowerBoundAbove(0.01);
        }
    }

    @FaultCampaign(bits = BitSelection.Kind.ALL, criticalShare = 0.02, injections = 1200, seed = 2412)
    @BoundedActivation({RELU, SIGMOID, HARD_SIGMOID})
    void anyBitFlips(CampaignResult result, Variant variant) {
        keep("ALL", variant, result);
        assertThat(result).outcomeRate(Outcome.MASKED, Outcome.BENIGN).hasLowerBoundAbove(0.85);
        assertThat(result).outcomeRate(Outcome.CRITICAL, Outcome.DUE).hasUpperBoundAtMost(0.08);
    }

    private static void keep(String campaign, Variant variant, CampaignResult result) {
        RESULTS.computeIfAbsent(campaign, c -> new EnumMap<>(ActivationKind.class)).put(variant.activation(), result);
    }

    @AfterAll
    static void compareActivations() {
        RESULTS.forEach((campaign, byActivation) -> byActivation.forEach((kind, r) -> System.out.printf(Locale.ROOT,
                "[fashion] %-3s %-12s critical %s  DUE %s  SDC %s  %.0f inj/s%n", campaign, kind,
                r.rate(Outcome.CRITICAL), r.rate(Outcome.DUE), r.rate(Outcome.SDC), r.injectionsPerSecond())));
        for (String campaign : List.of("MSB", "ALL")) {
            Map<ActivationKind, CampaignResult> byActivation = RESULTS.getOrDefault(campaign, Map.of());
            if (!byActivation.keySet().containsAll(List.of(RELU, SIGMOID, HARD_SIGMOID))) {
                continue; // a filtered run: nothing to compare
            }
            CampaignResult relu = byActivation.get(RELU);
            for (ActivationKind bounded : List.of(SIGMOID, HARD_SIGMOID)) {
                if (campaign.equals("MSB")) {
                    // unlike the segmentation U-Net: the bounded networks are significantly MORE often critical ...
                    assertThat(relu).hasSignificantlyLowerRateThan(byActivation.get(bounded), Outcome.CRITICAL,
                            Outcome.DUE);
                    // ... but they turn far fewer MSB flips into Inf/NaN
                    assertThat(byActivation.get(bounded)).hasSignificantlyLowerRateThan(relu, Outcome.DUE);
                } else {
                    // any bit: no significant difference either way (the intervals overlap)
                    assertThat(byActivation.get(bounded).rate(Outcome.CRITICAL, Outcome.DUE).lower())
                            .as(bounded + " against ReLU, any bit").isLessThan(relu.rate(Outcome.CRITICAL, Outcome.DUE)
                                    .upper());
                }
            }
        }
    }
}
