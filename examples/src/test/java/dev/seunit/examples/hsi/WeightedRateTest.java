package dev.seunit.examples.hsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.Test;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.Outcome;
import dev.seunit.campaign.OutcomeCounts;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.campaign.Task;
import dev.seunit.fault.BitSelection;
import dev.seunit.model.InjectableModel;
import dev.seunit.stats.Rate;
import dev.seunit.transform.ActivationKind;

/**
 * Why a stratified sample must be weighted, on the shipped ReLU U-Net: MSB flips in every
 * parameter, a Leveugle sample per layer ({@code Budget.statistical(0.05, 0.95)}), the rate of
 * SDC + CRITICAL + DUE. Small layers (biases, batch-norm parameters, the 1x1 head) get samples far
 * above their share of the parameters, and their MSB flips are more often harmful, so the rate of
 * the pooled records overstates the network's. Weighted by each layer's share of the space, the
 * estimate agrees with a large uniform sample of the same space; pooled, it does not.
 */
class WeightedRateTest {

    private static final Set<Outcome> FAILURES = EnumSet.of(Outcome.SDC, Outcome.CRITICAL, Outcome.DUE);

    @Test
    void theWeightedIntervalHoldsTheRateOfAUniformSampleAndThePooledOneDoesNot() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                InjectableModel model = InjectableModel.of("unet-relu",
                        UNetModels.trained(manager, ActivationKind.RELU));
                GoldenRun golden = GoldenRun.of(model, HsiScenes.heldOut(manager, 4).inputs())) {
            Campaign.Builder msb = Campaign.builder(golden).bits(BitSelection.MSB).task(Task.segmentation())
                    .criticalShare(0.01).progress(ProgressListener.NONE);
            long start = System.nanoTime();
            CampaignResult stratified = msb.name("per-layer").budget(Budget.statistical(0.05, 0.95)).seed(2412).build()
                    .run();
            CampaignResult uniform = msb.name("uniform").budget(Budget.count(UNIFORM)).seed(2009).build().run();
            double seconds = (System.nanoTime() - start) / 1e9;

            Rate weighted = stratified.rate(FAILURES, 0.95);
            OutcomeCounts all = stratified.counts();
            Rate pooled = Rate.clopperPearson(all.count(FAILURES), all.total(), 0.95);
            Rate truth = uniform.rate(FAILURES, 0.95);
            System.out.printf("%d stratified injections over %d layers (%d faults): pooled %s, weighted %s; %d uniform:"
                    + " %s (%.0f s)%n", stratified.injections(), stratified.byLayer().size(),
                    stratified.info().spaceSize(), pooled, weighted, uniform.injections(), truth, seconds);
            Map<String, Long> sizes = stratified.info().strataSizes();
            assertThat(sizes.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(
                    stratified.info().spaceSize());

            assertThat(weighted.method()).isEqualTo(Rate.Method.STRATIFIED);
            assertThat(truth.estimate()).as("the uniform sample's rate lies in the weighted interval")
                    .isBetween(weighted.lower(), weighted.upper());
            assertThat(truth.estimate()).as("and below the pooled one").isLessThan(pooled.lower());
            // not a near miss: the two intervals of the uniform and the pooled estimates do not even touch
            assertThat(truth.upper()).isLessThan(pooled.lower());
        }
    }

    /** Uniform injections: about twice the stratified sample; its own 95% interval is about +-1 point. */
    static final int UNIFORM = 8000;
}
