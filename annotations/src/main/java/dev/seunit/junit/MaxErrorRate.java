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
 * A threshold on the rate of some outcomes of a {@link FaultCampaign}, decided at
 * {@link #confidence()}: a rate above the threshold passes, and one below it fails, each with
 * probability at most {@code (1 - confidence) / 2} (2.5% at the default 95%).
 *
 * <ul>
 *   <li>A fixed count of injections is decided on the exact Clopper-Pearson interval: pass when
 *       its upper bound is at most {@link #value()}, fail when its lower bound is above it,
 *       otherwise fail as inconclusive.</li>
 *   <li>With {@link #maxInjections()} above the campaign's {@code injections}, the campaign is
 *       looked at after {@code injections}, then after samples growing by a quarter up to
 *       {@code maxInjections}, and stops at the first look that decides every gate. The looks are
 *       decided by a group-sequential test with exact binomial boundaries
 *       ({@link dev.seunit.stats.GroupSequentialTest}), whose errors stay within the promise
 *       over all looks together.</li>
 *   <li>A statistical budget ({@code margin}, sampled per layer or per layer and bit) is decided
 *       once on the rate weighted by each stratum's share of the fault space; it cannot grow.</li>
 * </ul>
 * With {@code seunit.shard} each CI job's decision is provisional (reported, not failed); the
 * merge step ({@code seunit.merge.dir}) decides on all shards' records.
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

    /**
     * How far a campaign with a count budget may grow to decide (scaled by
     * {@code seunit.budget.scale} like the budget); 0 means no further than its own budget.
     */
    int maxInjections() default 0;

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @API(status = MAINTAINED, since = "0.1")
    @interface List {
        MaxErrorRate[] value();
    }
}
