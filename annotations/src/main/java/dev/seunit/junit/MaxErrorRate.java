package dev.seunit.junit;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;

import dev.seunit.campaign.Outcome;

/**
 * A threshold on the rate of some outcomes of a {@link FaultCampaign}, decided on its
 * Clopper-Pearson interval: the test passes when the upper bound is at most {@link #value()},
 * fails when the lower bound is above it, and otherwise runs more injections, up to
 * {@link #maxInjections()}, then fails as inconclusive.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(MaxErrorRate.List.class)
@API(status = MAINTAINED, since = "0.1")
public @interface MaxErrorRate {

    /** The largest acceptable rate, in [0, 1]. */
    double value();

    /** Outcomes counted (together) as errors. */
    Outcome[] outcome() default {Outcome.CRITICAL};

    double confidence() default 0.95;

    /** How far the campaign may grow to decide; 0 means no further than its own budget. */
    int maxInjections() default 0;

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @API(status = MAINTAINED, since = "0.1")
    @interface List {
        MaxErrorRate[] value();
    }
}
