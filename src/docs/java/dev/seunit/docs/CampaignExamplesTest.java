package dev.seunit.docs;

import static dev.seunit.junit.assertj.SeunitAssertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.Outcome;
import dev.seunit.campaign.FaultTarget;
import dev.seunit.fault.BitSelection;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.fault.FaultModel;
import dev.seunit.junit.InputsUnderTest;
import dev.seunit.junit.ModelUnderTest;
import dev.seunit.junit.assertj.SeunitSoftAssertions;
import dev.seunit.model.ParameterKind;

/** The guide's "Writing a campaign test" and "Outcomes and tolerances" snippets. */
class CampaignExamplesTest {

    // tag::sources[]
    @ModelUnderTest
    static Block model(NDManager manager) {
        return MyNets.trained(manager); // any initialized DJL Block, a DJL Model, or a TorchScript file
    }

    @InputsUnderTest
    static NDArray inputs(NDManager manager) {
        return MyData.validationBatch(manager); // batch first: (8, 1, 8, 8) here
    }
    // end::sources[]

    // tag::msb-exhaustive[]
    @FaultCampaign(layers = "01Conv2d*", bits = BitSelection.Kind.MSB, exhaustive = true) // every conv parameter, bit 30, once
    void everyMsbFlipOfTheConvLayer(CampaignResult result) {
        assertThat(result).hasInjections(40); // 36 weights + 4 biases
    }
    // end::msb-exhaustive[]

    // tag::fault-models[]
    @FaultCampaign(faultModel = FaultModel.Kind.ADJACENT_BITS, bitsPerUpset = 2, bits = BitSelection.Kind.EXPONENT, kinds = ParameterKind.WEIGHT,
            injections = 200, seed = 3)
    void doubleBitUpsetsInExponents(CampaignResult result) {
        assertThat(result).hasInjections(200);
    }

    @FaultCampaign(faultModel = FaultModel.Kind.STUCK_AT_0, bitList = {27, 28, 29, 30}, injections = 100, seed = 3)
    void highExponentBitsStuckAtZero(CampaignResult result) {
        assertThat(result).hasNoDue(); // clearing exponent bits only shrinks a value: never Inf or NaN
    }
    // end::fault-models[]

    // tag::activations[]
    @FaultCampaign(target = FaultTarget.ACTIVATIONS, layers = "01Conv2d", bits = BitSelection.Kind.SIGN, injections = 100, seed = 5)
    void signFlipsInTheConvOutput(CampaignResult result) {
        assertThat(result).hasNoDue(); // a sign flip of a finite value stays finite
    }
    // end::activations[]

    // tag::tolerance[]
    @FaultCampaign(criticalShare = 0.125, injections = 300, seed = 11) // 1 of 8 changed predictions is SDC, 2 are CRITICAL
    void oneChangedPredictionIsTolerated(CampaignResult result) {
        SeunitSoftAssertions softly = new SeunitSoftAssertions(); // collects every failure before reporting
        softly.assertThat(result).bit(0).outcomeRate(Outcome.SDC, Outcome.CRITICAL, Outcome.DUE).isZero();
        softly.assertThat(result).layer("01Conv2d*").hasNo(Outcome.DUE);
        softly.assertThat(result).outcomeRate(Outcome.CRITICAL, Outcome.DUE).hasUpperBoundAtMost(0.2);
        softly.assertAll();
    }
    // end::tolerance[]
}
