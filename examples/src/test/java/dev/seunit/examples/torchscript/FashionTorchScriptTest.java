package dev.seunit.examples.torchscript;

import static dev.seunit.junit.assertj.SeunitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.Test;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.Outcome;
import dev.seunit.examples.fashion.FashionMnist;
import dev.seunit.fault.BitSelection;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.Inputs;
import dev.seunit.junit.InputsUnderTest;
import dev.seunit.junit.MaxErrorRate;
import dev.seunit.junit.ModelUnderTest;

/**
 * A network trained in PyTorch, tested as its user would: a Fashion-MNIST CNN trained with
 * PyTorch 1.13 and exported with {@code torch.jit.save} ({@code fashion_cnn.pt}, made by
 * {@code make_fashion_cnn.py} next to it), loaded by SEUnit with DJL's PyTorch engine, under
 * single bit flips of its parameters, on 64 shipped Fashion-MNIST test images (CRITICAL: two or
 * more of them change class; DUE: a non-finite output). SEUnit cannot
 * rebuild a TorchScript model (no variants, no per-layer tracing), but it flips the bits of
 * every parameter the file holds, named as in PyTorch ({@code conv1.weight}, {@code bn2.running_var}, ...).
 */
class FashionTorchScriptTest {

    static final String MODEL = "dev/seunit/examples/torchscript/fashion_cnn.pt";

    /** A class-path resource (or a file path): SEUnit loads it with {@code ModelUnderTest.loadTorchScript}. */
    @ModelUnderTest
    static final String PYTORCH_MODEL = MODEL;

    @InputsUnderTest
    static Inputs testImages(NDManager manager) {
        FashionMnist.Data data = FashionMnist.shippedTest(manager, 64); // scaled to [0, 1], as in training
        return Inputs.of(data.images(), data.labels());
    }

    @Test
    void theExportedNetworkClassifiesTheShippedTestImages() throws URISyntaxException {
        Path file = Paths.get(getClass().getClassLoader().getResource(MODEL).toURI());
        try (dev.seunit.model.InjectableModel model = dev.seunit.model.InjectableModel.loadTorchScript(file);
                NDManager manager = NDManager.newBaseManager()) {
            FashionMnist.Data data = FashionMnist.shippedTest(manager, FashionMnist.SHIPPED);
            double accuracy = FashionMnist.accuracy(model.forward(new NDList(data.images())).head(), data);
            System.out.printf(Locale.ROOT, "[torchscript] %s: %d parameters, top-1 accuracy %.4f on %d shipped images%n",
                    MODEL, model.parameters().stream().mapToLong(p -> p.elementCount()).sum(), accuracy, FashionMnist.SHIPPED);
            // make_fashion_cnn.py measured 0.9067 with PyTorch 1.13: the file runs the same in DJL's libtorch
            assertThat(accuracy).isCloseTo(0.9067, org.assertj.core.data.Offset.offset(0.005));
        }
    }

    @FaultCampaign(bits = BitSelection.Kind.MSB, criticalShare = 0.02, injections = 500, seed = 2412)
    void msbFlips(CampaignResult result) {
        print(result);
        // a ReLU classifier: most MSB flips are critical, and the weights in [1, 2) give Inf/NaN
        assertThat(result).outcomeRate(Outcome.CRITICAL, Outcome.DUE).hasLowerBoundAbove(0.75);
        assertThat(result).outcomeRate(Outcome.DUE).hasLowerBoundAbove(0.005);
    }

    @FaultCampaign(bits = BitSelection.Kind.ALL, criticalShare = 0.02, injections = 1000, seed = 2412)
    @MaxErrorRate(value = 0.08, outcome = {Outcome.CRITICAL, Outcome.DUE})
    void anyBitFlips(CampaignResult result) {
        print(result);
        // a flip of a random bit is mostly harmless ...
        assertThat(result).outcomeRate(Outcome.MASKED, Outcome.BENIGN).hasLowerBoundAbove(0.88);
        // ... and the harmful ones are the exponent's top bit: bit 30 carries most of the critical flips
        assertThat(result).bit(30).outcomeRate(Outcome.CRITICAL, Outcome.DUE).hasLowerBoundAbove(0.5);
    }

    private static void print(CampaignResult r) {
        System.out.printf(Locale.ROOT, "[torchscript] %-12s critical %s  DUE %s  SDC %s  %.0f inj/s%n", r.info().name(),
                r.rate(Outcome.CRITICAL), r.rate(Outcome.DUE), r.rate(Outcome.SDC), r.injectionsPerSecond());
    }
}
