package dev.seunit.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

import dev.seunit.campaign.CampaignInfo;
import dev.seunit.fault.FaultScenario;
import dev.seunit.transform.Variant;

/**
 * One finished try of a {@code @FaultProperty}, as {@link CampaignListener}s see it.
 *
 * @param testClass the class that declares the property
 * @param methodName the property method's name
 * @param propertyName the property's name with its variant
 * @param variant the variant the property ran on
 * @param info the campaign the scenarios are drawn from (fault space, bits, fault model, seed)
 * @param tryIndex the try, from 0
 * @param tries how many tries the property has
 * @param scenario the scenario the try drew
 * @param statistics what was generated so far (tries, discards, faults by layer and bit class)
 * @param outcome how the try ended
 * @param failure for {@link TryOutcome#FALSIFIED}: the failure with the shrunk counterexample; else null
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record PropertyEvent(Class<?> testClass, String methodName, String propertyName, Variant variant,
        CampaignInfo info, int tryIndex, int tries, FaultScenario scenario, String statistics, TryOutcome outcome,
        Throwable failure) {

    /** How a try ended. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public enum TryOutcome {
        PASSED, DISCARDED, FALSIFIED
    }

    /** Whether this is the property's last try (the last planned one, or the one that falsified it). */
    public boolean last() {
        return outcome == TryOutcome.FALSIFIED || tryIndex == tries - 1;
    }
}
