package dev.seunit.examples.hsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.Pair;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.seunit.campaign.SegmentationMetrics;
import dev.seunit.model.InjectableModel;
import dev.seunit.transform.ActivationKind;

/** The study's ingredients: deterministic scenes, readable layer names, shipped weights that segment well. */
class HsiScenesAndModelsTest {

    @Test
    void scenesAreDeterministicBySeedAndHaveEveryClass() {
        try (NDManager manager = NDManager.newBaseManager()) {
            HsiScenes.Scenes a = HsiScenes.generate(manager, 8, 5, 32);
            HsiScenes.Scenes b = HsiScenes.generate(manager, 8, 5, 32);
            HsiScenes.Scenes c = HsiScenes.generate(manager, 8, 6, 32);
            assertThat(a.inputs().getShape()).isEqualTo(new Shape(8, 25, 32, 32));
            assertThat(a.inputs().getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(a.labels().getShape()).isEqualTo(new Shape(8, 32, 32));
            assertThat(a.inputs().toFloatArray()).isEqualTo(b.inputs().toFloatArray());
            assertThat(a.labels().toIntArray()).isEqualTo(b.labels().toIntArray());
            assertThat(a.inputs().toFloatArray()).isNotEqualTo(c.inputs().toFloatArray());
            // the first scenes do not depend on how many are drawn
            assertThat(HsiScenes.generate(manager, 2, 5, 32).labels().toIntArray())
                    .isEqualTo(Arrays.copyOf(a.labels().toIntArray(), 2 * 32 * 32));
            int[] labels = HsiScenes.generate(manager, 32, 5, 32).labels().toIntArray();
            assertThat(Arrays.stream(labels).distinct().sorted().toArray()).containsExactly(0, 1, 2, 3, 4, 5);
        }
    }

    @Test
    void vegetationHasARedEdge() {
        double[] s = HsiScenes.spectrum(HsiScenes.VEGETATION, new java.util.SplittableRandom(1));
        int red = 4; // 662.5 nm
        int nir = 16; // 850 nm
        assertThat(HsiScenes.wavelength(red)).isEqualTo(662.5);
        assertThat(s[nir]).isGreaterThan(4 * s[red]);
    }

    @Test
    void layerAndParameterNamesAreReadable() {
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet unet = UNetModels.initialized(manager, ActivationKind.HARD_SIGMOID);
            List<String> names = unet.getParameters().stream().map(Pair::getKey).collect(Collectors.toList());
            assertThat(names).contains("enc1_conv_weight", "enc1_bn_gamma", "enc5_conv_bias", "dec4_up_weight",
                    "dec1_bn_runningVar", "head_weight");
            try (InjectableModel model = InjectableModel.of(unet)) {
                assertThat(model.isTraceable()).isTrue();
                assertThat(model.layerOutputs(new ai.djl.ndarray.NDList(manager.zeros(new Shape(1, 25, 32, 32)))))
                        .extracting(o -> o.layer()).startsWith("enc1_conv", "enc1_bn", "enc1_act", "pool1")
                        .endsWith("dec1_act", "head");
            }
            long count = unet.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
            assertThat(count).isBetween(20_000L, 40_000L);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"RELU", "SIGMOID", "HARD_SIGMOID"})
    void shippedWeightsSegmentHeldOutScenes(ActivationKind kind) {
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet unet = UNetModels.trained(manager, kind);
            SegmentationMetrics metrics = UNetModels.evaluate(unet, HsiScenes.heldOut(manager, 16));
            assertThat(metrics.globalIou()).as("global IoU").isGreaterThanOrEqualTo(0.90);
            assertThat(metrics.weightedIou()).as("weighted IoU").isGreaterThanOrEqualTo(0.80);
        }
    }

    @Test
    void missingWeightsSayHowToMakeThem() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> UNetModels.trained(manager, ActivationKind.TANH))
                    .hasMessageContaining("unet-tanh.params").hasMessageContaining("TrainUNet");
        }
    }
}
