package dev.seunit.docs;

import static dev.seunit.junit.assertj.SeunitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.junit.jupiter.api.Test;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.Outcome;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.fault.BitSelection;
import dev.seunit.junit.BoundedActivation;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.InputsUnderTest;
import dev.seunit.junit.ModelUnderTest;
import dev.seunit.junit.Pruned;
import dev.seunit.junit.Quantized;
import dev.seunit.transform.ActivationKind;
import dev.seunit.transform.Precision;
import dev.seunit.transform.Variant;
import dev.seunit.transform.VariantModel;
import dev.seunit.transform.Variants;

/** The guide's "Variants" snippets: variants derived from one trained float model. */
class VariantsExamplesTest {

    @ModelUnderTest
    static Block model(NDManager manager) {
        return MyNets.trained(manager); // takes no Variant: SEUnit derives each variant with Variants.apply
    }

    @InputsUnderTest
    static NDArray inputs(NDManager manager) {
        return MyData.validationBatch(manager);
    }

    // tag::annotations[]
    @FaultCampaign(bits = BitSelection.Kind.MSB, injections = 100, seed = 42)
    @BoundedActivation({ActivationKind.RELU, ActivationKind.HARD_SIGMOID})
    @Pruned({0, 50})
    @Quantized // float32 and int8
    void msbFlipsPerVariant(CampaignResult result, Variant variant) { // 2 x 2 x 2 = 8 runs, one campaign each
        if (variant.precision() == Precision.INT8) {
            assertThat(result).hasNoDue(); // int8 weights and int32 biases: no flip gives Inf or NaN
        }
    }
    // end::annotations[]

    @Test
    void aVariantByHand() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Block trained = MyNets.trained(manager);
            NDArray inputs = MyData.validationBatch(manager);
            // tag::apply[]
            Variant variant = new Variant(ActivationKind.HARD_SIGMOID, 50, Precision.INT8);
            try (VariantModel int8 = Variants.apply(trained, variant, inputs, null); // null labels: agreement with the original
                 GoldenRun golden = GoldenRun.of(int8.injectableModel(), inputs)) {
                System.out.println(int8.notes());                  // e.g. the accuracy left by the activation swap
                System.out.println(int8.pruning().orElseThrow());  // channels removed per layer, sparsity
                System.out.println(int8.quantization().orElseThrow()); // scales, agreement of int8 with float
                CampaignResult result = Campaign.builder(golden).bits(BitSelection.MSB).budget(Budget.exhaustive())
                        .seed(1).progress(ProgressListener.NONE).build().run();
                assertThat(result).hasNo(Outcome.DUE);
            }
            // end::apply[]
        }
    }
}
