package dev.seunit.transform;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apiguardian.api.API;

import dev.seunit.stats.MagnitudeBucket;

/**
 * What pruning removed and how it changed the parameters a fault can hit.
 *
 * @param method how the model was pruned
 * @param percent the share of channels (structured) or weights (unstructured) pruned from each prunable layer
 * @param before the distribution of the model's parameters before pruning
 * @param after the distribution after pruning (a structured variant has fewer parameters)
 * @param layers each pruned layer: channels (structured) or non-zero weights (unstructured) before and after
 * @param keptWhole layers not pruned, and why
 * @param steps the steps of an iterative schedule; one step for one-shot pruning
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record PruningReport(PruningMethod method, int percent, ParameterDistribution before, ParameterDistribution after,
        List<PrunedLayer> layers, Map<String, String> keptWhole, List<Step> steps) {

    /** One pruned layer: channels (structured) or non-zero weights (unstructured) before and after. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record PrunedLayer(String layer, long before, long after) {
    }

    /**
     * One step of an iterative schedule.
     *
     * @param percent the pruning level of the step
     * @param accuracy the accuracy after pruning and fine-tuning (NaN when no accuracy was given)
     * @param parameters the parameters left
     * @param accepted whether the step met the accuracy target (the schedule stops at the first that does not)
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record Step(int percent, double accuracy, long parameters, boolean accepted) {
    }

    /** The share of parameters that are zero before pruning. */
    public double sparsityBefore() {
        return before.sparsity();
    }

    /** The share of the original parameters that are gone or zero after pruning. */
    public double sparsityAfter() {
        return before.count() == 0 ? 0 : 1 - (double) (after.count() - after.zeros()) / before.count();
    }

    /** The share of parameters in {@code 1 <= |x| < 2} (where a float32 MSB flip gives Inf/NaN) before pruning. */
    public double shareOneToTwoBefore() {
        return before.shareOfNonZero(MagnitudeBucket.ONE_TO_TWO);
    }

    /** The same share after pruning, among the parameters pruning left (removed or zeroed ones do not count). */
    public double shareOneToTwoAfter() {
        return after.shareOfNonZero(MagnitudeBucket.ONE_TO_TWO);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %d%%: %d -> %d parameters, sparsity %.1f%% -> %.1f%%, "
                + "1<=|x|<2 %.2f%% -> %.2f%% of the non-zero parameters", method, percent, before.count(), after.count(),
                100 * sparsityBefore(), 100 * sparsityAfter(), 100 * shareOneToTwoBefore(), 100 * shareOneToTwoAfter());
    }
}
