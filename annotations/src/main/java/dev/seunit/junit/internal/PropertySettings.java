package dev.seunit.junit.internal;

import java.lang.reflect.Method;
import java.util.Arrays;

import org.junit.platform.commons.support.AnnotationSupport;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.campaign.Target;
import dev.seunit.campaign.Task;
import dev.seunit.fault.BitSelection;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.FaultKind;
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
        boolean multiBit = p.faultModel() == FaultKind.ADJACENT_BITS || p.faultModel() == FaultKind.RANDOM_BITS;
        invalid.check(!multiBit || p.k() >= 2 && p.k() <= 32, "k", p.k(), "must be 2 to 32 bits for " + p.faultModel());
        invalid.check(p.tolerance() >= 0 && p.tolerance() <= 1, "tolerance", p.tolerance(),
                "is a share of predictions and must be in [0, 1]");
        invalid.check(p.relativeTolerance() >= 0, "relativeTolerance", p.relativeTolerance(), "must be >= 0");
        invalid.check(!p.layers().isBlank(), "layers", "\"" + p.layers() + "\"", "must not be blank; use \"*\" for all");
        invalid.check(Arrays.stream(p.bitList()).allMatch(b -> b >= 0 && b < 32), "bitList",
                Arrays.toString(p.bitList()), "must hold bit positions from 0 (LSB) to 31");
        invalid.check(p.kinds().length == 0 || p.target() == Target.PARAMETERS, "kinds", Arrays.toString(p.kinds()),
                "applies to parameters only, but target = " + p.target() + "; remove kinds or use target = PARAMETERS");
        return new PropertySettings(method, p);
    }

    long seed(Configuration config) {
        return property.seed() == FaultCampaign.DEFAULT_SEED ? config.defaultSeed() : property.seed();
    }

    /** A campaign over the property's fault space, used to inject the drawn scenarios. */
    Campaign campaign(GoldenRun golden, String displayName, Configuration config) {
        Task task = property.task() == Task.Kind.SEGMENTATION ? Task.segmentation()
                : property.task() == Task.Kind.REGRESSION ? Task.regression(property.relativeTolerance())
                : Task.classification();
        BitSelection bits = property.bitList().length > 0 ? BitSelection.of(property.bitList())
                : property.bits().selection();
        return Campaign.builder(golden).name(displayName).target(property.target()).layers(property.layers())
                .kinds(property.kinds()).bits(bits).faultModel(property.faultModel().model(property.k()))
                .budget(Budget.count(1)).seed(seed(config)).task(task).tolerance(property.tolerance())
                .progress(ProgressListener.NONE).build();
    }
}
