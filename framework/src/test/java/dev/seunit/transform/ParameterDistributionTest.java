package dev.seunit.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Random;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;

import org.junit.jupiter.api.Test;

import dev.seunit.fault.NumberFormat;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.ParameterInfo;
import dev.seunit.model.ParameterKind;
import dev.seunit.stats.MagnitudeBucket;
import dev.seunit.testing.TransformNets;

/** Histograms of parameter values and the share one bit flip away from Inf/NaN. */
class ParameterDistributionTest {

    @Test
    void bucketsExponentsAndOneFlipCountsOfKnownValues() {
        ParameterDistribution d = ParameterDistribution.of(NumberFormat.FLOAT32, 0.0, -0.0, 1e-40, 0.5, 1.0, 1.5, -1.99,
                2.0, 3.0, Math.pow(2, 64), Float.MAX_VALUE);

        assertThat(d.count()).isEqualTo(11);
        assertThat(d.zeros()).isEqualTo(2);
        assertThat(d.byMagnitude()).containsExactly(entry(MagnitudeBucket.BELOW_ONE, 4L),
                entry(MagnitudeBucket.ONE_TO_TWO, 3L), entry(MagnitudeBucket.TWO_OR_MORE, 4L),
                entry(MagnitudeBucket.NON_FINITE, 0L));
        assertThat(d.byExponent()).containsExactly(entry(-127, 3L), entry(-1, 1L), entry(0, 3L), entry(1, 2L),
                entry(64, 1L), entry(127, 1L));
        // 1 <= |x| < 2 (exponent field 0b01111111), 2^64 (0b10111111) and MAX_VALUE (0b11111110)
        assertThat(d.oneFlipFromNonFinite()).isEqualTo(5);
        assertThat(d.shareOneFlipFromNonFinite()).isEqualTo(5 / 11.0);
        assertThat(d.share(MagnitudeBucket.ONE_TO_TWO)).isEqualTo(3 / 11.0);
        assertThat(d.shareOfNonZero(MagnitudeBucket.ONE_TO_TWO)).isEqualTo(3 / 9.0);
        assertThat(d.histogram()).contains("1 <= |x| < 2").contains("2^0").contains("zero/subnormal");
    }

    @Test
    void aValueCountsAsOneFlipFromNonFiniteExactlyWhenSomeSingleFlipMakesItInfOrNaN() {
        Random random = new Random(1);
        for (NumberFormat format : new NumberFormat[] {NumberFormat.FLOAT32, NumberFormat.FLOAT16,
            NumberFormat.BFLOAT16}) {
            for (int i = 0; i < 20_000; i++) {
                long word = random.nextLong() & format.wordMask();
                if (i % 4 == 0) { // plenty of values near 1, where weights live
                    word = format.encode((random.nextDouble() * 4 - 2));
                }
                double value = format.decode(word);
                if (!Double.isFinite(value)) {
                    continue;
                }
                boolean oneFlipAway = false;
                for (int bit = 0; bit < format.bitWidth(); bit++) {
                    oneFlipAway |= !Double.isFinite(format.decode(word ^ (1L << bit)));
                }
                assertThat(ParameterDistribution.of(format, value).oneFlipFromNonFinite()).as("%s %s", format, value)
                        .isEqualTo(oneFlipAway ? 1 : 0);
            }
        }
    }

    @Test
    void integersAreNeverOneFlipFromNonFinite() {
        ParameterDistribution d = ParameterDistribution.of(NumberFormat.INT8, -128, -1, 0, 1, 127);
        assertThat(d.oneFlipFromNonFinite()).isZero();
        assertThat(d.floatingPointCount()).isZero();
        assertThat(d.byExponent()).isEmpty();
        assertThat(d.count(MagnitudeBucket.ONE_TO_TWO)).isEqualTo(2); // the stored integers -1 and 1
    }

    @Test
    void theDistributionOfAModelCoversEveryInjectableParameterAndCanBeLimitedToKinds() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SequentialBlock net = TransformNets.seededCnn(manager, Activation::reluBlock, 2, 4);
            try (InjectableModel model = InjectableModel.of(net)) {
                ParameterDistribution all = ParameterDistribution.of(model);
                ParameterDistribution gammas = ParameterDistribution.of(model, java.util.EnumSet.of(ParameterKind.BN_GAMMA));

                assertThat(all.count()).isEqualTo(model.parameters().stream().mapToLong(ParameterInfo::elementCount).sum());
                assertThat(all).usingRecursiveComparison().isEqualTo(ParameterDistribution.of(net));
                // the seeded gammas are all in [1, 1.5): every one is an MSB flip from Inf/NaN
                assertThat(gammas.count()).isEqualTo(8 + 16);
                assertThat(gammas.share(MagnitudeBucket.ONE_TO_TWO)).isEqualTo(1.0);
                assertThat(gammas.shareOneFlipFromNonFinite()).isEqualTo(1.0);
                assertThat(all.oneFlipFromNonFinite()).isEqualTo(all.count(MagnitudeBucket.ONE_TO_TWO));
            }
        }
    }
}
