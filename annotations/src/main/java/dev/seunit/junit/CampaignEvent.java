package dev.seunit.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;

import org.apiguardian.api.API;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.ErrorPropagation;
import dev.seunit.campaign.GateVerdict;
import dev.seunit.campaign.Shard;
import dev.seunit.perf.Throughput;
import dev.seunit.transform.Variant;

/**
 * One finished {@code @FaultCampaign} for one variant, as {@link CampaignListener}s see it.
 *
 * @param testClass the class that declares the test
 * @param methodName the test method's name
 * @param displayName the invocation's display name (method name and variant)
 * @param variant the variant the campaign ran on
 * @param result the campaign's records, rates and breakdowns
 * @param gates the {@link MaxErrorRate} gates the result was decided on (may be empty)
 * @param gateFailure the gate that was not met (a breach or inconclusive), or null when all passed
 * @param propagation injections followed layer by layer ({@link ErrorPropagation#showcase}: the
 *        most severe fault of the earliest failing layer, then the most severe overall; empty when
 *        the model cannot be traced, e.g. TorchScript, or nothing was injected)
 * @param throughput the variant's fault-free inference throughput, or null when not measured
 * @param variantNotes what deriving the variant from the trained model did that a reader should
 *        know, e.g. the accuracy an activation swap left ({@code VariantModel.notes()}); empty for
 *        the baseline and for variants the model source built itself
 * @param verdicts how each gate was decided (method, looks, injections), in the order of {@code gates}
 * @param shard the share of the plan this run ran ({@code seunit.shard}): not the whole plan means
 *     the verdicts are provisional and the test does not fail on them; the merge step decides
 * @param merged whether the result is the union of all shards' records ({@code seunit.merge.dir})
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record CampaignEvent(Class<?> testClass, String methodName, String displayName, Variant variant,
        CampaignResult result, List<MaxErrorRate> gates, GateFailedError gateFailure,
        List<ErrorPropagation.Trace> propagation, Throughput throughput, List<String> variantNotes,
        List<GateVerdict> verdicts, Shard shard, boolean merged) {

    public CampaignEvent {
        gates = List.copyOf(gates);
        propagation = List.copyOf(propagation);
        variantNotes = List.copyOf(variantNotes);
        verdicts = List.copyOf(verdicts);
    }

    /** Whether every gate passed (on a shard: provisionally). */
    public boolean passed() {
        return gateFailure == null && verdicts.stream().allMatch(GateVerdict::passed);
    }

    /** Whether the verdicts are a shard's own, not the verdict of the whole campaign. */
    public boolean provisional() {
        return !shard.isWhole();
    }

    /**
     * PASSED, BREACHED or INCONCLUSIVE (the first gate not met decides), prefixed with
     * PROVISIONAL_ on a shard.
     */
    public String verdict() {
        String verdict = verdicts.stream().filter(v -> !v.passed()).findFirst()
                .map(v -> v.breached() ? "BREACHED" : "INCONCLUSIVE")
                .orElse(gateFailure == null ? "PASSED" : gateFailure.isInconclusive() ? "INCONCLUSIVE" : "BREACHED");
        return provisional() ? "PROVISIONAL_" + verdict : verdict;
    }
}
