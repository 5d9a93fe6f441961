package dev.seunit.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Observes finished campaigns and property tries, e.g. to report them (the {@code seunit-allure}
 * module implements it). Implementations are found with {@link java.util.ServiceLoader}: list the
 * class in {@code META-INF/services/dev.seunit.junit.CampaignListener}; each needs a public
 * no-argument constructor and must be safe to call from several threads.
 *
 * <p>Both methods are called on the thread that runs the test, inside the test's lifecycle
 * (before the test method for a campaign, after it for a property try), so a listener may
 * attach data to "the current test" of a reporting framework. A listener that throws is
 * reported on standard error and does not fail the test.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface CampaignListener {

    /** A {@code @FaultCampaign} finished for one variant (gates decided, test method not yet called). */
    void campaignFinished(CampaignEvent event);

    /** A try of a {@code @FaultProperty} finished (passed, failed and shrunk, or was discarded). */
    default void propertyTryFinished(PropertyEvent event) {
    }
}
