package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.List;

import org.apiguardian.api.API;

import dev.seunit.fault.Corruption;
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultScenario;
import dev.seunit.fault.NumberFormat;
import dev.seunit.stats.MagnitudeBucket;

/**
 * What one injection did. Built by the engine through {@link #of} and {@link #due}; the
 * fields are read through the accessors below.
 */
@API(status = MAINTAINED, since = "0.1")
public final class InjectionRecord {

    private final int index;
    private final FaultScenario scenario;
    private final List<Long> wordsBefore;
    private final List<Long> wordsAfter;
    private final Outcome outcome;
    private final long changedPredictions;
    private final long predictions;
    private final double maxAbsDelta;
    private final long nonFinite;
    private final double metric;
    private final long nanos;
    private final String error;

    private InjectionRecord(int index, FaultScenario scenario, List<Long> wordsBefore, List<Long> wordsAfter,
            Outcome outcome, long changedPredictions, long predictions, double maxAbsDelta, long nonFinite,
            double metric, long nanos, String error) {
        if (wordsBefore.size() != scenario.size() || wordsAfter.size() != scenario.size()) {
            throw new IllegalArgumentException("a record holds one word before and after per fault: " + scenario.size()
                    + " faults, " + wordsBefore.size() + " and " + wordsAfter.size() + " words");
        }
        this.index = index;
        this.scenario = java.util.Objects.requireNonNull(scenario);
        this.wordsBefore = List.copyOf(wordsBefore);
        this.wordsAfter = List.copyOf(wordsAfter);
        this.outcome = java.util.Objects.requireNonNull(outcome);
        this.changedPredictions = changedPredictions;
        this.predictions = predictions;
        this.maxAbsDelta = maxAbsDelta;
        this.nonFinite = nonFinite;
        this.metric = metric;
        this.nanos = nanos;
        this.error = error;
    }

    /**
     * An injection whose output was compared with golden (or decided without it).
     *
     * @param index position of the scenario in the campaign's plan
     * @param wordsBefore the stored word at each fault's site before the fault (for activations: of the first input)
     * @param wordsAfter the word each fault wrote
     * @param changedPredictions predictions (inputs, pixels or values) that differ from golden
     * @param predictions predictions compared
     * @param maxAbsDelta largest finite |faulty - golden| over the output (NaN for a BENIGN fault
     *     {@link Execution#FAST} proved at a checkpoint to change no prediction, without computing the output)
     * @param nonFinite output values that are NaN or infinite
     * @param metric accuracy (classification) or global IoU (segmentation) against the labels; NaN without labels
     * @param nanos wall time of the injection, including restore
     */
    public static InjectionRecord of(int index, FaultScenario scenario, List<Long> wordsBefore, List<Long> wordsAfter,
            Outcome outcome, long changedPredictions, long predictions, double maxAbsDelta, long nonFinite,
            double metric, long nanos) {
        return new InjectionRecord(index, scenario, wordsBefore, wordsAfter, outcome, changedPredictions, predictions,
                maxAbsDelta, nonFinite, metric, nanos, null);
    }

    /** An injection whose inference threw {@code error} (or timed out): a DUE with no output. */
    public static InjectionRecord due(int index, FaultScenario scenario, List<Long> wordsBefore, List<Long> wordsAfter,
            String error, long nanos) {
        return new InjectionRecord(index, scenario, wordsBefore, wordsAfter, Outcome.DUE, 0, 0,
                Double.POSITIVE_INFINITY, 0, Double.NaN, nanos, error);
    }

    /** This record with its time replaced (a batch's time shared among its faults). */
    public InjectionRecord withNanos(long nanos) {
        return new InjectionRecord(index, scenario, wordsBefore, wordsAfter, outcome, changedPredictions, predictions,
                maxAbsDelta, nonFinite, metric, nanos, error);
    }

    /** Position of the scenario in the campaign's plan. */
    public int index() {
        return index;
    }

    public FaultScenario scenario() {
        return scenario;
    }

    /** The stored word at each fault's site before the fault (for activations: of the first input). */
    public List<Long> wordsBefore() {
        return wordsBefore;
    }

    /** The word each fault wrote. */
    public List<Long> wordsAfter() {
        return wordsAfter;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Predictions (inputs, pixels or values) that differ from golden. */
    public long changedPredictions() {
        return changedPredictions;
    }

    /** Predictions compared. */
    public long predictions() {
        return predictions;
    }

    /**
     * Largest finite |faulty - golden| over the output: infinite for a DUE without output, NaN for
     * a BENIGN fault {@link Execution#FAST} certified at a checkpoint without computing the output.
     */
    public double maxAbsDelta() {
        return maxAbsDelta;
    }

    /** Output values that are NaN or infinite. */
    public long nonFinite() {
        return nonFinite;
    }

    /** Accuracy (classification) or global IoU (segmentation) against the labels; NaN without labels. */
    public double metric() {
        return metric;
    }

    /** Wall time of the injection, including restore. */
    public long nanos() {
        return nanos;
    }

    /** The exception a DUE was caused by, or null. */
    public String error() {
        return error;
    }

    public Fault fault() {
        return scenario.first();
    }

    /** The value at the first fault's site before the fault. */
    public double valueBefore() {
        return fault().format().decode(wordsBefore.get(0));
    }

    /** The value the first fault left at its site. */
    public double valueAfter() {
        return fault().format().decode(wordsAfter.get(0));
    }

    /** Share of predictions that differ from golden. */
    public double mismatchRate() {
        return predictions == 0 ? (outcome == Outcome.DUE ? 1 : 0) : (double) changedPredictions / predictions;
    }

    public MagnitudeBucket magnitude() {
        return MagnitudeBucket.of(valueBefore());
    }

    /** Equal in everything but timing: what determinism promises. */
    public boolean sameResultAs(InjectionRecord other) {
        return index == other.index && scenario.equals(other.scenario) && wordsBefore.equals(other.wordsBefore)
                && wordsAfter.equals(other.wordsAfter) && outcome == other.outcome
                && changedPredictions == other.changedPredictions && predictions == other.predictions
                && Double.compare(maxAbsDelta, other.maxAbsDelta) == 0 && nonFinite == other.nonFinite
                && Double.compare(metric, other.metric) == 0 && java.util.Objects.equals(error, other.error);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InjectionRecord r && sameResultAs(r) && nanos == r.nanos;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(index, scenario, wordsBefore, wordsAfter, outcome, changedPredictions, nanos);
    }

    /**
     * The injection on one line, as messages and reports show it:
     * {@code 01Conv2d_weight[17] bit 30: 1.25 -> NaN => DUE}, with the predictions an SDC or
     * CRITICAL changed, how many more faults the scenario held, and the first line of an error.
     */
    @Override
    public String toString() {
        Fault f = fault();
        StringBuilder s = new StringBuilder().append(f.site()).append(' ').append(bits(f)).append(": ")
                .append(value(valueBefore(), f.format())).append(" -> ").append(value(valueAfter(), f.format()))
                .append(" => ").append(outcome);
        if ((outcome == Outcome.SDC || outcome == Outcome.CRITICAL) && predictions > 0) {
            s.append(" (").append(changedPredictions).append('/').append(predictions).append(" predictions changed)");
        }
        if (scenario.size() > 1) {
            int more = scenario.size() - 1;
            s.append(" (+").append(more).append(more == 1 ? " more fault)" : " more faults)");
        }
        if (error != null && !error.isBlank()) {
            String trimmed = error.strip();
            int newline = trimmed.indexOf('\n');
            s.append(" [").append(newline < 0 ? trimmed : trimmed.substring(0, newline).strip() + " ...").append(']');
        }
        return s.toString();
    }

    private static String bits(Fault f) {
        Corruption c = f.corruption();
        int[] bits = f.bits();
        String where = bits.length == 1 ? "bit " + bits[0] : "bits " + java.util.Arrays.toString(bits);
        switch (c.operation()) {
            case FLIP:
                return where;
            case CLEAR:
                return where + " stuck at 0";
            case SET:
                return where + " stuck at 1";
            case REPLACE:
                return "word <- 0x" + Long.toHexString(c.value());
            default:
                throw new AssertionError(c.operation());
        }
    }

    private static String value(double value, NumberFormat format) {
        return format.isFloatingPoint() ? Float.toString((float) value) : Long.toString((long) value);
    }
}
