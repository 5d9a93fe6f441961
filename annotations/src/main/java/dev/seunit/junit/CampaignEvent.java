package dev.seunit.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;

import org.apiguardian.api.API;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.ErrorPropagation;
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
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record CampaignEvent(Class<?> testClass, String methodName, String displayName, Variant variant,
        CampaignResult result, List<MaxErrorRate> gates, GateFailedError gateFailure,
        List<ErrorPropagation.Trace> propagation, Throughput throughput, List<String> variantNotes) {

    public CampaignEvent {
        gates = List.copyOf(gates);
        propagation = List.copyOf(propagation);
        variantNotes = List.copyOf(variantNotes);
    }

    /** Whether every gate passed. */
    public boolean passed() {
        return gateFailure == null;
    }
}
