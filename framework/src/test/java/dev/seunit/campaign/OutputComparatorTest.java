package dev.seunit.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;

import dev.seunit.campaign.internal.OutputComparator;
import dev.seunit.campaign.internal.OutputComparator.Comparison;

class OutputComparatorTest {

    // two inputs, three classes: golden top-1 = class 0, class 2
    private static final float[] GOLDEN = {3f, 1f, 0f, 0f, 1f, 2f};
    private static final Shape SHAPE = new Shape(2, 3);

    private static Comparison classify(double tolerance, float... faulty) {
        return new OutputComparator(Task.classification(), tolerance, GOLDEN, SHAPE, null).compare(faulty);
    }

    @Test
    void classificationOutcomesFollowTopOneAndTheTolerance() {
        assertThat(classify(0, GOLDEN.clone()).outcome()).isEqualTo(Outcome.MASKED);
        assertThat(classify(0, 3f, 1.5f, 0f, 0f, 1f, 2f).outcome()).isEqualTo(Outcome.BENIGN);
        Comparison oneOfTwo = classify(0.5, 3f, 4f, 0f, 0f, 1f, 2f);
        assertThat(oneOfTwo.outcome()).isEqualTo(Outcome.SDC);
        assertThat(oneOfTwo.mismatchRate()).isEqualTo(0.5);
        assertThat(classify(0.49, 3f, 4f, 0f, 0f, 1f, 2f).outcome()).isEqualTo(Outcome.CRITICAL);
        assertThat(classify(0, 3f, 1f, 0f, 0f, 1f, Float.NaN).outcome()).isEqualTo(Outcome.DUE);
        assertThat(classify(0, 3f, 1f, Float.POSITIVE_INFINITY, 0f, 1f, 2f).nonFinite()).isEqualTo(1);
    }

    @Test
    void negativeZeroIsADifferenceButNotAChangedPrediction() {
        Comparison c = classify(0, 3f, 1f, -0f, 0f, 1f, 2f);
        assertThat(c.outcome()).isEqualTo(Outcome.BENIGN);
        assertThat(c.maxAbsDelta()).isZero();
    }

    @Test
    void segmentationComparesThePerPixelArgmaxOverChannels() {
        // one image, two classes, 2x2 pixels: channel 0 then channel 1 (NCHW)
        float[] golden = {1, 1, 0, 0, /* */ 0, 0, 1, 1};
        OutputComparator comparator = new OutputComparator(Task.segmentation(), 0.25, golden, new Shape(1, 2, 2, 2),
                new int[] {0, 0, 1, 0});
        assertThat(comparator.goldenPredictions()).containsExactly(0, 0, 1, 1);

        Comparison onePixel = comparator.compare(new float[] {1, 0, 0, 0, /* */ 0, 1, 1, 1});
        assertThat(onePixel.outcome()).isEqualTo(Outcome.SDC);
        assertThat(onePixel.changedPredictions()).isEqualTo(1);
        assertThat(onePixel.predictions()).isEqualTo(4);
        // faulty prediction 0,1,1,1 vs labels 0,0,1,0
        assertThat(onePixel.metric()).isCloseTo(
                SegmentationMetrics.of(new int[] {0, 1, 1, 1}, new int[] {0, 0, 1, 0}, 2).globalIou(), within(1e-12));
        assertThat(comparator.compare(new float[] {0, 0, 0, 0, /* */ 1, 1, 1, 1}).outcome()).isEqualTo(Outcome.CRITICAL);
    }

    @Test
    void segmentationPredictionsAreTheFirstLargestClassOfEveryPixelOfEveryImage() {
        // two images, three classes, 1x2 pixels; image 1 has a tie of classes 1 and 2, image 2 of all three
        float[] golden = {0, 5, /* */ 2, 1, /* */ 2, 9, /* image 2 */ 4, 4, /* */ 4, 3, /* */ 4, 8};
        int[] labels = {1, 2, 0, 2};
        OutputComparator comparator = new OutputComparator(Task.segmentation(), 0, golden, new Shape(2, 3, 1, 2), labels);
        assertThat(comparator.goldenPredictions()).containsExactly(1, 2, 0, 2);

        Comparison masked = comparator.compare(golden.clone());
        assertThat(masked.outcome()).isEqualTo(Outcome.MASKED);
        assertThat(masked.predictions()).isEqualTo(4);
        assertThat(masked.metric()).isEqualTo(comparator.metricOf(comparator.goldenPredictions())).isEqualTo(1.0);
        float[] raised = golden.clone();
        raised[9] = 4.5f; // image 2, class 1, pixel 1: 4.5 beats 4, but not 8 -> still class 2
        raised[6] = 4.01f; // image 2, class 0, pixel 0: the tie is broken towards class 0 anyway
        assertThat(comparator.compare(raised).outcome()).isEqualTo(Outcome.BENIGN);
        raised[4] = 2.5f; // image 1, class 2, pixel 0: now ahead of class 1, which won the tie
        Comparison changed = comparator.compare(raised);
        assertThat(changed.outcome()).isEqualTo(Outcome.CRITICAL);
        assertThat(changed.changedPredictions()).isEqualTo(1);
    }

    @Test
    void boundsKeepAPixelsPredictionOnlyIfItsClassLeadsEveryOtherAcrossTheBox() {
        // one image, two classes, 1x3 pixels: golden predictions 0, 1, 0
        float[] golden = {2, 0, 5, /* */ 0, 3, 1};
        OutputComparator comparator = new OutputComparator(Task.segmentation(), 0, golden, new Shape(1, 2, 1, 3), null);
        assertThat(comparator.predictionShape()).containsExactly(1, 1, 3);

        float[] lower = {1.5f, -1, 4, /* */ -0.5f, 2.5f, 0};
        float[] upper = {2.5f, 1, 6, /* */ 1.6f, 3.5f, 2};
        // pixel 0: class 0 >= 1.5 > 1.6? no; pixel 1: class 1 >= 2.5 > 1; pixel 2: class 0 >= 4 > 2
        assertThat(comparator.keptPredictions(lower, upper, 0)).containsExactly(false, true, true);
        assertThat(comparator.keepsPredictions(lower, upper, 0)).isFalse();
        upper[3] = 1.4f;
        assertThat(comparator.keepsPredictions(lower, upper, 0)).isTrue();
        assertThat(comparator.keptPredictions(lower, upper, 0.2f)).as("a lead of 0.2 over 1.4 from 1.5")
                .containsExactly(false, true, true);
        upper[5] = Float.NaN; // non-finite: that pixel only
        assertThat(comparator.keptPredictions(lower, upper, 0)).containsExactly(true, true, false);
        assertThat(new OutputComparator(Task.regression(0.01), 0, golden, new Shape(1, 6), null)
                .keptPredictions(lower, upper, 0)).isNull();
    }

    @Test
    void regressionCountsValuesOutsideTheRelativeTolerance() {
        OutputComparator comparator = new OutputComparator(Task.regression(0.01), 0.5, new float[] {100f, 10f},
                new Shape(2, 1), null);
        assertThat(comparator.compare(new float[] {100.5f, 10f}).outcome()).isEqualTo(Outcome.BENIGN);
        assertThat(comparator.compare(new float[] {102f, 10f}).outcome()).isEqualTo(Outcome.SDC);
        assertThat(comparator.compare(new float[] {102f, 11f}).outcome()).isEqualTo(Outcome.CRITICAL);
    }

    @Test
    void segmentationMetricsPoolAndWeightClasses() {
        // labels: 3 of class 0, 1 of class 1; predictions get one class-0 pixel wrong
        SegmentationMetrics m = SegmentationMetrics.of(new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 1}, 2);
        // class 0: TP 2, FN 1, FP 0 -> 2/3; class 1: TP 1, FP 1 -> 1/2
        assertThat(m.perClassIou()).containsExactly(2.0 / 3, 0.5);
        assertThat(m.globalIou()).isCloseTo(3.0 / 5, within(1e-12));
        assertThat(m.weightedIou()).isCloseTo(0.75 * 2 / 3 + 0.25 * 0.5, within(1e-12));
        assertThat(m.pixelAccuracy()).isEqualTo(0.75);
    }
}
