package dev.seunit.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultScenario;

/** Injects scenarios into the model of a {@link FaultProperty} test; the model is restored after each. */
@API(status = EXPERIMENTAL, since = "0.1")
public interface ScenarioRunner {

    /** One inference under {@code scenario}, compared with golden. */
    InjectionRecord inject(FaultScenario scenario);

    default InjectionRecord inject(Fault fault) {
        return inject(FaultScenario.of(fault));
    }

    /** The raw output under {@code scenario}, as a flat array. */
    float[] output(FaultScenario scenario);

    GoldenRun golden();
}
