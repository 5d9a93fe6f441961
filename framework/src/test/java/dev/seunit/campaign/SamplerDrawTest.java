package dev.seunit.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SamplerDrawTest {

    /** Two disjoint ranges, [0, 100) and [500, 600): a population of 200. */
    private static final List<long[]> TWO_RANGES = List.of(new long[] {0, 100}, new long[] {500, 600});

    private static List<Long> draw(long n, long seed) {
        return Sampler.drawDistinct(TWO_RANGES, n, new SplittableRandom(seed));
    }

    private static boolean inRanges(long i) {
        return (i >= 0 && i < 100) || (i >= 500 && i < 600);
    }

    @Test
    void sameSeedGivesTheSameList() {
        assertThat(draw(30, 42)).hasSize(30).isEqualTo(draw(30, 42));
        assertThat(draw(150, 42)).as("dense path").hasSize(150).isEqualTo(draw(150, 42));
    }

    @Test
    void differentSeedsGiveDifferentLists() {
        assertThat(draw(30, 42)).isNotEqualTo(draw(30, 43));
        assertThat(draw(150, 42)).as("dense path").isNotEqualTo(draw(150, 43));
    }

    @Test
    void sparseDrawIsDistinctAndInsideTheRanges() {
        for (long seed = 0; seed < 20; seed++) {
            List<Long> drawn = draw(100, seed); // n * 2 <= population: rejection path
            assertThat(drawn).hasSize(100).doesNotHaveDuplicates()
                    .allSatisfy(i -> assertThat(inRanges(i)).as("index %d", i).isTrue());
        }
    }

    @Test
    void denseDrawIsDistinctAndInsideTheRanges() {
        for (long seed = 0; seed < 20; seed++) {
            List<Long> drawn = draw(199, seed); // n > population / 2: partial Fisher-Yates
            assertThat(drawn).hasSize(199).doesNotHaveDuplicates()
                    .allSatisfy(i -> assertThat(inRanges(i)).as("index %d", i).isTrue());
        }
    }

    @Test
    void drawsReachBothRanges() {
        HashSet<Long> seen = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            seen.addAll(draw(20, seed));
        }
        assertThat(seen).anyMatch(i -> i < 100).anyMatch(i -> i >= 500);
        assertThat(seen).contains(0L, 99L, 500L, 599L);
    }

    @Test
    void drawsAreRoughlyUniform() {
        // 4000 draws of 10 from 200: each index expected 200 times
        int[] hits = new int[200];
        SplittableRandom random = new SplittableRandom(1);
        for (int round = 0; round < 4000; round++) {
            for (long i : Sampler.drawDistinct(TWO_RANGES, 10, random)) {
                hits[(int) (i < 100 ? i : i - 400)]++;
            }
        }
        assertThat(IntStream.of(hits).min().getAsInt()).isGreaterThanOrEqualTo(120);
        assertThat(IntStream.of(hits).max().getAsInt()).isLessThanOrEqualTo(280);
    }

    @Test
    void askingForTheWholePopulationReturnsEveryIndexInOrder() {
        List<Long> expected = LongStream.concat(LongStream.range(0, 100), LongStream.range(500, 600))
                .boxed().toList();
        assertThat(draw(200, 42)).isEqualTo(expected);
        assertThat(draw(1_000, 42)).isEqualTo(expected);
    }

    @Test
    void drawingNothingGivesAnEmptyList() {
        assertThat(draw(0, 42)).isEmpty();
        assertThat(Sampler.drawDistinct(List.of(), 5, new SplittableRandom(1))).isEmpty();
    }

    @Test
    void aHugeRequestIsRejectedBeforeAnyWork() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Sampler.drawDistinct(List.of(new long[] {0, Long.MAX_VALUE / 2}),
                        Sampler.MAX_INJECTIONS * 8 + 1, new SplittableRandom(1)))
                .withMessageContaining(String.valueOf(Sampler.MAX_INJECTIONS));
    }

    @Nested
    class Budgets {

        @Test
        void countMustBePositive() {
            assertThatIllegalArgumentException().isThrownBy(() -> Budget.count(0))
                    .withMessageContaining("at least one injection");
            assertThatIllegalArgumentException().isThrownBy(() -> Budget.count(-3))
                    .withMessageContaining("-3");
            assertThat(Budget.count(5).count()).isEqualTo(5);
            assertThat(Budget.count(5).kind()).isEqualTo(Budget.Kind.COUNT);
        }

        @Test
        void statisticalMarginAndConfidenceMustBeInTheOpenUnitInterval() {
            assertThatIllegalArgumentException().isThrownBy(() -> Budget.statistical(0, 0.95))
                    .withMessageContaining("margin");
            assertThatIllegalArgumentException().isThrownBy(() -> Budget.statistical(1, 0.95))
                    .withMessageContaining("margin");
            assertThatIllegalArgumentException().isThrownBy(() -> Budget.statistical(0.01, 1.0))
                    .withMessageContaining("confidence");
            Budget b = Budget.statistical(0.01, 0.99);
            assertThat(b.kind()).isEqualTo(Budget.Kind.STATISTICAL);
            assertThat(b.margin()).isEqualTo(0.01);
            assertThat(b.confidence()).isEqualTo(0.99);
        }

        @Test
        void scaledMultipliesACountAndKeepsAtLeastOne() {
            assertThat(Budget.count(100).scaled(2.5)).isEqualTo(Budget.count(250));
            assertThat(Budget.count(100).scaled(0.5)).isEqualTo(Budget.count(50));
            assertThat(Budget.count(3).scaled(0.001)).isEqualTo(Budget.count(1));
        }

        @Test
        void scaledLeavesOtherKindsUnchanged() {
            assertThat(Budget.exhaustive().scaled(3)).isEqualTo(Budget.exhaustive());
            Budget statistical = Budget.statistical(0.05, 0.95);
            assertThat(statistical.scaled(3)).isEqualTo(statistical);
        }

        @Test
        void scaleMustBePositive() {
            for (double factor : new double[] {0, -1, Double.NaN}) {
                assertThatIllegalArgumentException().as("factor %s", factor)
                        .isThrownBy(() -> Budget.count(10).scaled(factor))
                        .withMessageContaining("positive");
            }
        }

        @Test
        void samplerFollowsTheBudget() {
            assertThat(Sampler.forBudget(Budget.exhaustive())).isEqualTo(Sampler.EXHAUSTIVE);
            assertThat(Sampler.forBudget(Budget.statistical(0.05, 0.95))).isEqualTo(Sampler.STRATIFIED);
            assertThat(Sampler.forBudget(Budget.count(10))).isEqualTo(Sampler.UNIFORM);
        }

        @Test
        void toStringSaysWhatTheBudgetIs() {
            assertThat(Budget.count(250)).hasToString("250 injections");
            assertThat(Budget.exhaustive()).hasToString("exhaustive");
            assertThat(Budget.statistical(0.01, 0.99).toString()).contains("statistical").contains("0.01")
                    .contains("0.99");
        }
    }
}
