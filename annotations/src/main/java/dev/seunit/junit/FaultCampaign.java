package dev.seunit.junit;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.seunit.campaign.Task;
import dev.seunit.fault.FaultModel;
import dev.seunit.fault.BitSelection;
import dev.seunit.junit.internal.FaultCampaignExtension;
import dev.seunit.model.ParameterKind;

/**
 * Runs a seeded fault-injection campaign on the test class's {@link ModelUnderTest} and
 * {@link InputsUnderTest}, once per variant ({@link BoundedActivation}, {@link Pruned},
 * {@link Quantized}), and hands the test method the {@link dev.seunit.campaign.CampaignResult}.
 * Thresholds go in {@link MaxErrorRate}.
 *
 * <pre>{@code
 * @FaultCampaign(bits = BitSelection.Kind.MSB, layers = "conv*", injections = 2000, seed = 42)
 * @MaxErrorRate(value = 0.05, outcome = Outcome.CRITICAL)
 * void msbFlips(CampaignResult result) {
 *     assertThat(result).hasNoDue();
 * }
 * }</pre>
 *
 * <p>The budget is {@link #injections()} unless {@link #exhaustive()} is set or a
 * {@link #margin()} is given (then the Leveugle et al. sample size per layer, or per
 * {@link #strata()}, at {@link #confidence()}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(FaultCampaignExtension.class)
@API(status = MAINTAINED, since = "0.1")
public @interface FaultCampaign {

    /** The seed used when none is given: {@code seunit.seed} from the configuration, else 42. */
    long DEFAULT_SEED = Long.MIN_VALUE;

    /** A name for reports; defaults to the method name. */
    String name() default "";

    dev.seunit.campaign.FaultTarget target() default dev.seunit.campaign.FaultTarget.PARAMETERS;

    /** Glob ({@code *}, {@code ?}) or {@code regex:} pattern over parameter and layer names. */
    String layers() default "*";

    /** Parameter kinds to hit; all kinds when empty. */
    ParameterKind[] kinds() default {};

    BitSelection.Kind bits() default BitSelection.Kind.ALL;

    /** Explicit bit positions (0 = LSB); when given they replace {@link #bits()}. */
    int[] bitList() default {};

    FaultModel.Kind faultModel() default FaultModel.Kind.BIT_FLIP;

    /** Bits per multi-bit upset ({@link FaultModel.Kind#ADJACENT_BITS}, {@link FaultModel.Kind#RANDOM_BITS}). */
    int bitsPerUpset() default 2;

    /** Injections (scaled by {@code seunit.budget.scale}). */
    int injections() default 1000;

    /** Every fault of the space once. */
    boolean exhaustive() default false;

    /** Error margin of a statistical budget, e.g. 0.01; 0 means use {@link #injections()}. */
    double margin() default 0;

    /** Confidence of a statistical budget. */
    double confidence() default 0.95;

    /**
     * The strata of a statistical budget ({@link #margin()}): a Leveugle sample per layer
     * (default), per layer and bit ({@link dev.seunit.campaign.Strata#LAYER_AND_BIT}, the
     * reference study's plan with {@code margin = 0.025}), or one over the whole space
     * ({@link dev.seunit.campaign.Strata#NONE}). Rates weigh each stratum by its share of the space.
     */
    dev.seunit.campaign.Strata strata() default dev.seunit.campaign.Strata.LAYER;

    long seed() default DEFAULT_SEED;

    int faultsPerInference() default 1;

    Task.Kind task() default Task.Kind.CLASSIFICATION;

    /** Relative tolerance of a regression output value. */
    double regressionTolerance() default 1e-3;

    /** Largest share of changed predictions still counted SDC rather than CRITICAL. */
    double criticalShare() default 0;

    /** An inference slower than this many milliseconds counts as DUE (a hang); 0 for no limit. */
    long timeoutMillis() default 0;
}
