package dev.seunit.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.seunit.fault.Corruption;
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultModel;
import dev.seunit.fault.FaultScenario;
import dev.seunit.fault.FaultSite;
import dev.seunit.fault.NumberFormat;

class ShrinkingTest {

    private static Fault flip(String tensor, long index, long mask) {
        return new Fault(FaultSite.parameter(tensor, "layer", index), FaultModel.bitFlip(), NumberFormat.FLOAT32,
                Corruption.flip(mask));
    }

    @Test
    void deltaDebuggingFindsTheOneMinimalFailingSubset() {
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            faults.add(flip("w", i, 1L << 31));
        }
        Set<Fault> culprits = Set.of(faults.get(3), faults.get(11), faults.get(12));
        Shrinking.Result result = new Shrinking(s -> s.faults().containsAll(culprits), 500)
                .shrink(new FaultScenario(faults));

        assertThat(Set.copyOf(result.scenario().faults())).isEqualTo(culprits);
        assertThat(result.steps()).isLessThan(100);
    }

    @Test
    void aSingleFaultShrinksToFewerBitsAndTheLowestFailingElement() {
        // the planted bug: any fault with bit 30 at element >= 5 of tensor w
        Shrinking.Result result = new Shrinking(s -> s.faults().stream()
                .anyMatch(f -> (f.corruption().mask() & (1L << 30)) != 0 && f.site().index() >= 5), 500)
                .shrink(FaultScenario.of(flip("w", 17, (1L << 29) | (1L << 30))));

        Fault shrunk = result.scenario().first();
        assertThat(shrunk.bits()).containsExactly(30);
        assertThat(shrunk.site().index()).isEqualTo(5);
    }

    @Test
    void theStepBudgetBoundsTheWork() {
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            faults.add(flip("w", i, 1));
        }
        int[] calls = {0};
        Shrinking.Result result = new Shrinking(s -> {
            calls[0]++;
            return s.faults().contains(faults.get(0)) && s.faults().contains(faults.get(63));
        }, 10).shrink(new FaultScenario(faults));

        assertThat(calls[0]).isEqualTo(10);
        assertThat(result.steps()).isEqualTo(10);
        assertThat(result.scenario().faults().stream().map(f -> f.site().index()).collect(Collectors.toSet()))
                .contains(0L, 63L);
    }
}
