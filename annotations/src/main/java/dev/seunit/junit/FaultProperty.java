package dev.seunit.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

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
import dev.seunit.junit.internal.FaultPropertyExtension;
import dev.seunit.model.ParameterKind;

/**
 * A property that must hold for every fault scenario drawn from a fault space: the method runs
 * {@link #tries()} times, each with a {@link dev.seunit.fault.FaultScenario} (or a single
 * {@link dev.seunit.fault.Fault}) and a {@link ScenarioRunner} to inject it. Edge cases come
 * first (MSB flips of values in {@code 1 <= |x| < 2}, sign and MSB flips of the largest values); an
 * aborted assumption discards a try. On the first failure the scenario is shrunk to a minimal
 * failing subset (delta debugging), a single fault towards a simpler one, and the report gives
 * the seed and the shrunk scenario.
 *
 * <pre>{@code
 * @FaultProperty(tries = 200, bits = BitSelection.Kind.SIGN, faultsPerScenario = 3)
 * void noThreeSignFlipsChangeAPrediction(FaultScenario scenario, ScenarioRunner runner) {
 *     assertThat(runner.inject(scenario).outcome()).isNotEqualTo(Outcome.CRITICAL);
 * }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(FaultPropertyExtension.class)
@API(status = EXPERIMENTAL, since = "0.1")
public @interface FaultProperty {

    int tries() default 100;

    long seed() default FaultCampaign.DEFAULT_SEED;

    dev.seunit.campaign.FaultTarget target() default dev.seunit.campaign.FaultTarget.PARAMETERS;

    String layers() default "*";

    ParameterKind[] kinds() default {};

    BitSelection.Kind bits() default BitSelection.Kind.ALL;

    int[] bitList() default {};

    FaultModel.Kind faultModel() default FaultModel.Kind.BIT_FLIP;

    /** Bits per multi-bit upset ({@link FaultModel.Kind#ADJACENT_BITS}, {@link FaultModel.Kind#RANDOM_BITS}). */
    int bitsPerUpset() default 2;

    /** Faults applied together in each try. */
    int faultsPerScenario() default 1;

    boolean edgeCasesFirst() default true;

    /** Most re-runs of the method while shrinking a failure. */
    int maxShrinkSteps() default 200;

    Task.Kind task() default Task.Kind.CLASSIFICATION;

    /** Relative tolerance of a regression output value. */
    double regressionTolerance() default 1e-3;

    /** Largest share of changed predictions still counted SDC rather than CRITICAL. */
    double criticalShare() default 0;
}
