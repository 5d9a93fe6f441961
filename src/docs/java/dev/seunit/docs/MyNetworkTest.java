package dev.seunit.docs;

// tag::imports[]
import static dev.seunit.junit.assertj.SeunitAssertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.Outcome;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.InputsUnderTest;
import dev.seunit.junit.MaxErrorRate;
import dev.seunit.junit.ModelUnderTest;
// end::imports[]

/** The README's and the guide's first campaign test, as a user writes it. */
// tag::readme[]
class MyNetworkTest {

    @ModelUnderTest
    static Block model(NDManager manager) { return MyNets.trained(manager); } // or an .onnx / TorchScript Path

    @InputsUnderTest
    static NDArray inputs(NDManager manager) { return MyData.validationBatch(manager); }

    @FaultCampaign(bitList = {0, 1, 2, 3}, injections = 500, seed = 42) // low mantissa bits of every parameter
    @MaxErrorRate(value = 0.02, outcome = {Outcome.CRITICAL, Outcome.DUE})
    void lowMantissaFlipsAreHarmless(CampaignResult result) {
        assertThat(result).hasNoDue()
                .outcomeRate(Outcome.SDC, Outcome.CRITICAL).hasUpperBoundAtMost(0.02);
    }
}
// end::readme[]
