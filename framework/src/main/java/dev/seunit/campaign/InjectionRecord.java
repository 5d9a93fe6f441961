package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.List;

import org.apiguardian.api.API;

import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultScenario;
import dev.seunit.stats.MagnitudeBucket;

/**
 * What one injection did.
 *
 * @param index position of the scenario in the campaign's plan
 * @param wordsBefore the stored word at each fault's site before the fault (for activations: of the first input)
 * @param wordsAfter the word each fault wrote
 * @param changedPredictions predictions (inputs, pixels or values) that differ from golden
 * @param predictions predictions compared
 * @param maxAbsDelta largest finite |faulty - golden| over the output (infinite for DUE; NaN for a BENIGN
 *     fault {@link Execution#FAST} proved at a checkpoint to change no prediction, without computing the output)
 * @param nonFinite output values that are NaN or infinite
 * @param metric accuracy (classification) or global IoU (segmentation) against the labels; NaN without labels
 * @param nanos wall time of the injection, including restore
 * @param error the exception a DUE was caused by, or null
 */
@API(status = MAINTAINED, since = "0.1")
public record InjectionRecord(int index, FaultScenario scenario, List<Long> wordsBefore, List<Long> wordsAfter,
        Outcome outcome, long changedPredictions, long predictions, double maxAbsDelta, long nonFinite, double metric,
        long nanos, String error) {

    public InjectionRecord {
        wordsBefore = List.copyOf(wordsBefore);
        wordsAfter = List.copyOf(wordsAfter);
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
    public String toString() {
        return "#" + index + " " + scenario + ": " + valueBefore() + " -> " + valueAfter() + " => " + outcome
                + (predictions > 0 ? " (" + changedPredictions + "/" + predictions + " predictions changed)" : "")
                + (error != null ? " [" + error + "]" : "");
    }
}
