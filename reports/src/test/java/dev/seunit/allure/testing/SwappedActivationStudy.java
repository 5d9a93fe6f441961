package dev.seunit.allure.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.fault.BitSelection;
import dev.seunit.junit.BoundedActivation;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.InputsUnderTest;
import dev.seunit.junit.ModelUnderTest;
import dev.seunit.transform.ActivationKind;

/**
 * A campaign whose variants SEUnit derives (run by the report tests like {@link SampleStudy}):
 * the model source gives the ReLU net and takes no variant, so the Sigmoid variant is the ReLU
 * net's weights with the activation swapped, and its notes say what accuracy that left.
 */
public class SwappedActivationStudy {

    public static final String CAMPAIGN = "signFlipsOfDerivedVariants";

    @ModelUnderTest
    static Block model(NDManager manager) {
        return SampleStudy.net(manager, Activation.reluBlock());
    }

    @InputsUnderTest
    static NDArray inputs(NDManager manager) {
        return SampleStudy.inputs(manager);
    }

    @FaultCampaign(bits = BitSelection.Kind.SIGN, injections = 100, seed = 5)
    @BoundedActivation({ActivationKind.RELU, ActivationKind.SIGMOID})
    void signFlipsOfDerivedVariants(CampaignResult result) {
        assertThat(result.injections()).isEqualTo(100);
    }
}
