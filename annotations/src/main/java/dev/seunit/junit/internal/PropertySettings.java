package dev.seunit.junit.internal;

import java.lang.reflect.Method;

import org.junit.platform.commons.support.AnnotationSupport;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.fault.Fault;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.FaultProperty;

/** A {@link FaultProperty}, validated up front. */
final class PropertySettings {

    final Method method;
    final FaultProperty property;

    private PropertySettings(Method method, FaultProperty property) {
        this.method = method;
        this.property = property;
    }

    static PropertySettings of(Method method) {
        FaultProperty p = AnnotationSupport.findAnnotation(method, FaultProperty.class).orElseThrow();
        CampaignSettings.Invalid invalid = new CampaignSettings.Invalid("@FaultProperty", method);
        invalid.check(p.tries() >= 1, "tries", p.tries(), "must be at least 1");
        invalid.check(p.faultsPerScenario() >= 1, "faultsPerScenario", p.faultsPerScenario(), "must be at least 1");
        invalid.check(p.maxShrinkSteps() >= 0, "maxShrinkSteps", p.maxShrinkSteps(), "must be >= 0");
        boolean takesOneFault = java.util.Arrays.asList(method.getParameterTypes()).contains(Fault.class);
        invalid.check(!takesOneFault || p.faultsPerScenario() == 1, "faultsPerScenario", p.faultsPerScenario(),
                "must be 1 for a Fault parameter: take a FaultScenario for several faults per try");
        SpaceSettings.of(p).validate(invalid);
        return new PropertySettings(method, p);
    }

    long seed(Configuration config) {
        return property.seed() == FaultCampaign.DEFAULT_SEED ? config.defaultSeed() : property.seed();
    }

    /** A campaign over the property's fault space, used to inject the drawn scenarios. */
    Campaign campaign(GoldenRun golden, String displayName, Configuration config) {
        return SpaceSettings.of(property).applyTo(Campaign.builder(golden).name(displayName))
                .budget(Budget.count(1)).seed(seed(config)).execution(config.execution()).fastOptions(config.fastOptions())
                .progress(ProgressListener.NONE).build();
    }
}
