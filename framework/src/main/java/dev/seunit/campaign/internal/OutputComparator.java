package dev.seunit.campaign.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import ai.djl.ndarray.types.Shape;

import dev.seunit.campaign.Outcome;
import dev.seunit.campaign.SegmentationMetrics;
import dev.seunit.campaign.Task;

/** Compares faulty outputs with one golden output and classifies the difference. */
@API(status = INTERNAL, since = "0.1")
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
    private Comparison identical;

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
        boolean[] kept = keptPredictions(lower, upper, lead);
        if (kept == null) {
            return false;
        }
        for (boolean k : kept) {
            if (!k) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #keepsPredictions} per golden prediction, in the order of {@link #goldenPredictions()}
     * (laid out as {@link #predictionShape()}); null for regression outputs.
     */
    public boolean[] keptPredictions(float[] lower, float[] upper, float lead) {
        if (lower.length != golden.length || upper.length != golden.length || task.kind() == Task.Kind.REGRESSION
                || goldenPredictions == null) {
            return null;
        }
        boolean segmentation = task.kind() == Task.Kind.SEGMENTATION;
        int stride = segmentation ? (int) (shape.size() / shape.get(0) / classes) : 1;
        int perRow = segmentation ? classes * stride : classes;
        boolean[] kept = new boolean[goldenPredictions.length];
        for (int p = 0; p < goldenPredictions.length; p++) {
            int start = segmentation ? p / stride * perRow + p % stride : p * classes;
            int predicted = goldenPredictions[p];
            float floor = lower[start + predicted * stride] - lead;
            boolean keeps = Float.isFinite(floor) && Float.isFinite(upper[start + predicted * stride]);
            for (int c = 0; c < classes && keeps; c++) {
                int i = start + c * stride;
                keeps = Float.isFinite(lower[i]) && Float.isFinite(upper[i]) && (c == predicted || upper[i] < floor);
            }
            kept[p] = keeps;
        }
        return kept;
    }

    /**
     * How the golden predictions are laid out: the output's shape without its class axis (the
     * second for segmentation: images x height x width; the last otherwise).
     */
    public long[] predictionShape() {
        long[] dims = shape.getShape();
        int classAxis = task.kind() == Task.Kind.SEGMENTATION ? 1 : dims.length - 1;
        long[] grid = new long[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i != classAxis) {
                grid[j++] = dims[i];
            }
        }
        return grid;
    }

    /** The comparison of an output bit-identical to golden (MASKED), computed once. */
    public synchronized Comparison identical() {
        if (identical == null) {
            identical = compare(golden);
        }
        return identical;
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
