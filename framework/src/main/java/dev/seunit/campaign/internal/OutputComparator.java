package dev.seunit.campaign.internal;

import ai.djl.ndarray.types.Shape;

import dev.seunit.campaign.Outcome;
import dev.seunit.campaign.SegmentationMetrics;
import dev.seunit.campaign.Task;

/** Compares faulty outputs with one golden output and classifies the difference. */
public final class OutputComparator {

    /** The difference between one faulty output and golden. */
    public record Comparison(Outcome outcome, long changedPredictions, long predictions, double maxAbsDelta,
            long nonFinite, double metric) {

        public double mismatchRate() {
            return predictions == 0 ? 0 : (double) changedPredictions / predictions;
        }
    }

    private final Task task;
    private final double tolerance;
    private final float[] golden;
    private final Shape shape;
    private final int[] goldenPredictions;
    private final int[] labels;
    private final int classes;
    private double goldenMetric = Double.NaN;
    private boolean goldenMetricKnown;

    public OutputComparator(Task task, double tolerance, float[] golden, Shape shape, int[] labels) {
        this.task = task;
        this.tolerance = tolerance;
        this.golden = golden;
        this.shape = shape;
        this.goldenPredictions = Predictions.of(task, golden, shape);
        this.labels = labels;
        this.classes = task.kind() == Task.Kind.SEGMENTATION ? (int) shape.get(1)
                : (int) shape.get(shape.dimension() - 1);
    }

    public Task.Kind taskKind() {
        return task.kind();
    }

    public int[] goldenPredictions() {
        return goldenPredictions;
    }

    /** The accuracy (classification) or global IoU (segmentation) of an output against the labels; NaN without labels. */
    public double metricOf(int[] predicted) {
        if (labels == null || predicted == null) {
            return Double.NaN;
        }
        if (task.kind() == Task.Kind.SEGMENTATION) {
            return SegmentationMetrics.of(predicted, labels, classes).globalIou();
        }
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / predicted.length;
    }

    public Comparison compare(float[] faulty) {
        if (faulty.length != golden.length) {
            throw new IllegalStateException("faulty output has " + faulty.length + " values, golden " + golden.length);
        }
        boolean identical = true;
        long nonFinite = 0;
        double maxDelta = 0;
        for (int i = 0; i < faulty.length; i++) {
            float f = faulty[i];
            if (Float.floatToRawIntBits(f) != Float.floatToRawIntBits(golden[i])) {
                identical = false;
                if (!Float.isFinite(f)) {
                    nonFinite++;
                } else {
                    maxDelta = Math.max(maxDelta, Math.abs(f - golden[i]));
                }
            }
        }
        if (nonFinite > 0) {
            return new Comparison(Outcome.DUE, 0, 0, Double.POSITIVE_INFINITY, nonFinite, Double.NaN);
        }
        if (identical) {
            return new Comparison(Outcome.MASKED, 0, goldenPredictions != null ? goldenPredictions.length : faulty.length,
                    0, 0, goldenMetric());
        }
        int[] predicted = Predictions.of(task, faulty, shape);
        long predictions;
        long changed = 0;
        if (predicted != null) {
            predictions = predicted.length;
            for (int i = 0; i < predicted.length; i++) {
                if (predicted[i] != goldenPredictions[i]) {
                    changed++;
                }
            }
        } else {
            predictions = faulty.length;
            for (int i = 0; i < faulty.length; i++) {
                double scale = Math.max(Math.abs(golden[i]), Float.MIN_NORMAL);
                if (Math.abs(faulty[i] - golden[i]) > task.relativeTolerance() * scale) {
                    changed++;
                }
            }
        }
        Outcome outcome;
        if (identical) {
            outcome = Outcome.MASKED;
        } else if (changed == 0) {
            outcome = Outcome.BENIGN;
        } else if ((double) changed / predictions <= tolerance) {
            outcome = Outcome.SDC;
        } else {
            outcome = Outcome.CRITICAL;
        }
        return new Comparison(outcome, changed, predictions, maxDelta, 0,
                outcome == Outcome.MASKED || outcome == Outcome.BENIGN ? goldenMetric() : metricOf(predicted));
    }

    /**
     * Whether every output between {@code lower} and {@code upper} (flat, as the golden output)
     * is finite and makes the golden predictions: each predicted class's lower bound leads every
     * other class's upper bound by more than {@code lead}. Never for regression outputs.
     */
    public boolean keepsPredictions(float[] lower, float[] upper, float lead) {
        if (lower.length != golden.length || upper.length != golden.length || task.kind() == Task.Kind.REGRESSION
                || goldenPredictions == null) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            if (!Float.isFinite(lower[i]) || !Float.isFinite(upper[i])) {
                return false;
            }
        }
        boolean segmentation = task.kind() == Task.Kind.SEGMENTATION;
        int stride = segmentation ? (int) (shape.size() / shape.get(0) / classes) : 1;
        int perRow = segmentation ? classes * stride : classes;
        for (int p = 0; p < goldenPredictions.length; p++) {
            int start = segmentation ? p / stride * perRow + p % stride : p * classes;
            int predicted = goldenPredictions[p];
            float floor = lower[start + predicted * stride] - lead;
            for (int c = 0; c < classes; c++) {
                if (c != predicted && !(upper[start + c * stride] < floor)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A fault proven not to change any prediction, whose output was not computed: BENIGN, with
     * {@code maxAbsDelta} NaN (not measured).
     */
    public Comparison unchangedPredictions() {
        return new Comparison(Outcome.BENIGN, 0, goldenPredictions.length, Double.NaN, 0, goldenMetric());
    }

    /** {@code metricOf(goldenPredictions)}, computed once. */
    private synchronized double goldenMetric() {
        if (!goldenMetricKnown) {
            goldenMetric = metricOf(goldenPredictions);
            goldenMetricKnown = true;
        }
        return goldenMetric;
    }
}
