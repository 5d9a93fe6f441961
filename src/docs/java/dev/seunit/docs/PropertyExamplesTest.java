package dev.seunit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.junit.jupiter.api.Test;

import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.FaultSpace;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.Outcome;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.campaign.ScenarioGenerator;
import dev.seunit.fault.BitSelection;
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultModel;
import dev.seunit.fault.FaultScenario;
import dev.seunit.fault.FaultSite;
import dev.seunit.fault.NumberFormat;
import dev.seunit.junit.FaultProperty;
import dev.seunit.junit.InputsUnderTest;
import dev.seunit.junit.ModelUnderTest;
import dev.seunit.junit.ScenarioRunner;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.ParameterKind;

/** The guide's "Property-based fault tests" snippets, on the guide's network with a batch norm. */
class PropertyExamplesTest {

    @ModelUnderTest
    static Block model(NDManager manager) {
        return MyNets.withBatchNorm(manager);
    }

    @InputsUnderTest
    static NDArray inputs(NDManager manager) {
        return MyData.validationBatch(manager);
    }

    // tag::property[]
    @FaultProperty(tries = 60, bits = BitSelection.Kind.SIGN, faultsPerScenario = 3, seed = 7,
            kinds = {ParameterKind.WEIGHT, ParameterKind.BIAS, ParameterKind.BN_GAMMA, ParameterKind.BN_BETA,
                ParameterKind.BN_RUNNING_MEAN}) // every kind but the running variance: see below
    void signFlipsKeepTheOutputFinite(FaultScenario scenario, ScenarioRunner runner) {
        InjectionRecord record = runner.inject(scenario); // one inference under all 3 faults, then restored
        assertThat(record.nonFinite()).isZero();
        assertThat(record.outcome()).isNotEqualTo(Outcome.DUE);
    }
    // end::property[]

    /** Why the property leaves the running variance out: there a sign flip is a NaN. */
    @Test
    void aSignFlipOfARunningVarianceIsNotFinite() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             InjectableModel model = InjectableModel.of(MyNets.withBatchNorm(manager));
             GoldenRun golden = GoldenRun.of(model, MyData.validationBatch(manager))) {
            Campaign campaign = Campaign.builder(golden).progress(ProgressListener.NONE).build();
            // tag::running-variance[]
            FaultSite variance = FaultSite.parameter("02BatchNorm_runningVar", "02BatchNorm", 0);
            InjectionRecord record = campaign.inject(0, FaultScenario.of(Fault.bitFlip(variance, NumberFormat.FLOAT32,
                    31))); // the sign bit: the variance 1.0 becomes -1.0, and (x - mean) / sqrt(-1.0 + eps) is NaN
            assertThat(record.outcome()).isEqualTo(Outcome.DUE);
            assertThat(record.nonFinite()).isEqualTo(8 * 3); // every output of every input
            // end::running-variance[]
        }
    }

    // tag::single-fault[]
    @FaultProperty(tries = 40, bitList = {0, 1, 2}, seed = 3)
    void lowMantissaFlipsChangeNoPrediction(Fault fault, ScenarioRunner runner) {
        assertThat(runner.inject(fault).outcome()).isIn(Outcome.MASKED, Outcome.BENIGN);
    }
    // end::single-fault[]

    @Test
    void scenariosForAnyPropertyLibrary() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             InjectableModel model = InjectableModel.of(MyNets.trained(manager))) {
            // tag::generator[]
            FaultSpace space = FaultSpace.parameters(model, "*", Set.of(), BitSelection.MSB, FaultModel.bitFlip());
            ScenarioGenerator generator = new ScenarioGenerator(space, model, 2, 42, true); // 2 faults, seed 42, edge cases first
            FaultScenario first = generator.scenario(0);  // scenario i depends only on the space, the seed and i
            // end::generator[]
            assertThat(first.size()).isEqualTo(2);
            assertThat(generator.scenario(5)).isEqualTo(generator.scenario(5));
        }
    }
}
