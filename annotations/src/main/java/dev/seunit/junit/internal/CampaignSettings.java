package dev.seunit.junit.internal;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.RateGate;
import dev.seunit.campaign.Strata;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.MaxErrorRate;

/** A {@link FaultCampaign} and its {@link MaxErrorRate}s, validated up front. */
final class CampaignSettings {

    final Method method;
    final FaultCampaign campaign;
    final List<MaxErrorRate> gates;

    private CampaignSettings(Method method, FaultCampaign campaign, List<MaxErrorRate> gates) {
        this.method = method;
        this.campaign = campaign;
        this.gates = gates;
    }

    static CampaignSettings of(Method method) {
        FaultCampaign c = AnnotationSupport.findAnnotation(method, FaultCampaign.class).orElseThrow();
        Invalid invalid = new Invalid("@FaultCampaign", method);
        invalid.check(c.injections() >= 1, "injections", c.injections(), "must be at least 1");
        invalid.check(c.margin() >= 0 && c.margin() < 1, "margin", c.margin(),
                "must be in (0, 1), e.g. 0.01 for a 1% error margin, or 0 to use injections");
        invalid.check(c.confidence() > 0 && c.confidence() < 1, "confidence", c.confidence(),
                "must be in (0, 1), e.g. 0.95");
        invalid.check(!(c.exhaustive() && c.margin() > 0), "exhaustive", c.exhaustive(),
                "conflicts with margin = " + c.margin() + ": both choose the budget, keep one");
        invalid.check(c.faultsPerInference() >= 1, "faultsPerInference", c.faultsPerInference(), "must be at least 1");
        invalid.check(!(c.exhaustive() && c.faultsPerInference() > 1), "faultsPerInference", c.faultsPerInference(),
                "must be 1 for an exhaustive campaign, which enumerates single faults");
        SpaceSettings.of(c).validate(invalid);
        invalid.check(c.timeoutMillis() >= 0, "timeoutMillis", c.timeoutMillis(), "must be >= 0 (0: no limit)");
        List<MaxErrorRate> gates = AnnotationSupport.findRepeatableAnnotations(method, MaxErrorRate.class);
        Invalid gate = new Invalid("@MaxErrorRate", method);
        for (MaxErrorRate g : gates) {
            gate.check(g.value() >= 0 && g.value() <= 1, "value", g.value(), "is a rate and must be in [0, 1]");
            gate.check(g.confidence() > 0 && g.confidence() < 1, "confidence", g.confidence(),
                    "must be in (0, 1), e.g. 0.95");
            gate.check(g.outcome().length > 0, "outcome", "{}", "must name at least one outcome, e.g. outcome = Outcome.CRITICAL");
            gate.check(g.maxInjections() >= 0, "maxInjections", g.maxInjections(), "must be >= 0 (0: no extension)");
            gate.check(g.maxInjections() == 0 || g.maxInjections() >= c.injections(), "maxInjections",
                    g.maxInjections(), "is below the campaign's injections = " + c.injections() + "; make it at least "
                            + c.injections() + ", or 0 for no extension");
            String fixed = c.exhaustive() ? "exhaustive" : "statistical (margin = " + c.margin() + "), a fixed "
                    + "sample" + (c.strata() == Strata.NONE ? "" : " stratified by " + c.strata()) + " decided once";
            gate.check(g.maxInjections() <= c.injections() || !(c.margin() > 0 || c.exhaustive()), "maxInjections",
                    g.maxInjections(), "extends a count budget, but the campaign's budget is " + fixed
                            + "; remove maxInjections, or use injections to let the gate grow the campaign");
        }
        invalid.check(c.strata() == Strata.LAYER || c.margin() > 0, "strata", c.strata(),
                "divides a statistical budget, but margin = 0 (a count of injections, drawn uniformly); give a margin "
                        + "(e.g. margin = 0.025 for the reference study's plan) or remove strata");
        return new CampaignSettings(method, c, gates);
    }

    String name() {
        return campaign.name().isEmpty() ? method.getName() : campaign.name();
    }

    long seed(Configuration config) {
        return campaign.seed() == FaultCampaign.DEFAULT_SEED ? config.defaultSeed() : campaign.seed();
    }

    Budget budget(Configuration config) {
        if (campaign.exhaustive()) {
            return Budget.exhaustive();
        }
        if (campaign.margin() > 0) {
            return Budget.statistical(campaign.margin(), campaign.confidence(), campaign.strata());
        }
        return Budget.count(campaign.injections()).scaled(config.budgetScale());
    }

    /** The gates, as the framework decides them. */
    List<RateGate> rateGates() {
        return gates.stream().map(g -> new RateGate(EnumSet.copyOf(Arrays.asList(g.outcome())), g.value(),
                g.confidence())).collect(Collectors.toList());
    }

    /** The most injections the gates allow, or the budget's own count. */
    long maxInjections() {
        long max = gates.stream().mapToLong(MaxErrorRate::maxInjections).max().orElse(0);
        return Math.max(campaign.injections(), max);
    }

    /** The campaign as configured, with a budget of {@code budget}. */
    Campaign.Builder builder(GoldenRun golden, String displayName, Configuration config, Budget budget) {
        Campaign.Builder builder = SpaceSettings.of(campaign).applyTo(Campaign.builder(golden).name(displayName))
                .faultsPerInference(campaign.faultsPerInference()).budget(budget).seed(seed(config))
                .execution(config.execution()).fastOptions(config.fastOptions());
        if (campaign.timeoutMillis() > 0) {
            builder.timeout(java.time.Duration.ofMillis(campaign.timeoutMillis()));
        }
        return builder;
    }

    /** Collects the first invalid attribute of an annotation into an ExtensionConfigurationException. */
    static final class Invalid {
        private final String annotation;
        private final Method method;

        Invalid(String annotation, Method method) {
            this.annotation = annotation;
            this.method = method;
        }

        void check(boolean ok, String attribute, Object value, String rule) {
            if (!ok) {
                throw new ExtensionConfigurationException(annotation + "(" + attribute + " = " + value + ") on "
                        + method.getDeclaringClass().getSimpleName() + "." + method.getName() + ": " + attribute + " "
                        + rule);
            }
        }
    }
}
