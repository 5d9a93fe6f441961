package dev.seunit.allure;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import io.qameta.allure.Allure;

import dev.seunit.allure.internal.AllureWriter;
import dev.seunit.allure.internal.Recorder;
import dev.seunit.junit.CampaignEvent;
import dev.seunit.junit.CampaignListener;
import dev.seunit.junit.PropertyEvent;

/**
 * Puts every finished campaign and property try into the Allure test case that is running:
 * parameters (variant, target, bits, fault model, budget, tolerance; the seed excluded), labels
 * (epic, feature and story by campaign kind), a summary table (HTML and CSV) and PNG charts.
 * Registered as a {@link CampaignListener} service: having {@code seunit-allure} and
 * {@code allure-junit5} on the test class path is all it takes.
 *
 * <p>Public only so that {@link java.util.ServiceLoader} can create it; not for direct use.
 */
@API(status = INTERNAL, since = "0.1")
public final class AllureCampaignListener implements CampaignListener {

    @Override
    public void campaignFinished(CampaignEvent event) {
        Recorder run = Recorder.current();
        run.add(event);
        AllureWriter writer = new AllureWriter(Allure.getLifecycle());
        if (writer.active()) {
            writer.campaign(event, run.variantsOf(event));
        }
    }

    @Override
    public void propertyTryFinished(PropertyEvent event) {
        Recorder.current().add(event);
        AllureWriter writer = new AllureWriter(Allure.getLifecycle());
        if (writer.active()) {
            writer.propertyTry(event);
        }
    }
}
