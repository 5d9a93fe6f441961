package dev.seunit.docs;

import static dev.seunit.junit.assertj.SeunitAssertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.fault.BitSelection;
import dev.seunit.junit.BoundedActivation;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.InputsUnderTest;
import dev.seunit.junit.ModelUnderTest;
import dev.seunit.transform.ActivationKind;
import dev.seunit.transform.Variant;

/** The guide's model source that builds each variant itself. */
class TrainedPerActivationTest {

    // tag::variant-source[]
    @ModelUnderTest
    static Block model(Variant variant, NDManager manager) {
        return MyNets.trained(manager, variant.activation()); // e.g. load the weights trained with that activation
    }
    // end::variant-source[]

    @InputsUnderTest
    static NDArray inputs(NDManager manager) {
        return MyData.validationBatch(manager);
    }

    @FaultCampaign(bits = BitSelection.Kind.SIGN, injections = 50, seed = 1)
    @BoundedActivation({ActivationKind.RELU, ActivationKind.TANH})
    void signFlips(CampaignResult result) {
        assertThat(result).hasInjections(50).hasNoDue();
    }
}
