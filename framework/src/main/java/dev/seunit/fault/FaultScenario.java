package dev.seunit.fault;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.List;
import java.util.stream.Collectors;

import org.apiguardian.api.API;

/** The faults applied together to one inference. */
@API(status = MAINTAINED, since = "0.1")
public record FaultScenario(List<Fault> faults) {

    public FaultScenario {
        if (faults.isEmpty()) {
            throw new IllegalArgumentException("a scenario needs at least one fault");
        }
        faults = List.copyOf(faults);
    }

    public static FaultScenario of(Fault... faults) {
        return new FaultScenario(List.of(faults));
    }

    public int size() {
        return faults.size();
    }

    public Fault first() {
        return faults.get(0);
    }

    @Override
    public String toString() {
        return faults.size() == 1 ? faults.get(0).toString()
                : faults.stream().map(Fault::toString).collect(Collectors.joining(" + ", "{", "}"));
    }
}
