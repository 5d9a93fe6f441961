package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.apiguardian.api.API;

import dev.seunit.campaign.internal.Injector;
import dev.seunit.fault.FaultScenario;
import dev.seunit.model.internal.Tracer;

/**
 * Follows a fault through a Java-built network: the deviation from golden at the output of
 * every leaf layer, in execution order, so one can see where an error grows, and where a
 * bounded activation stops it.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ErrorPropagation {

    /**
     * One injection of a campaign followed layer by layer.
     *
     * @param title why this injection was chosen, e.g. {@code most severe fault}
     * @param injection the injection whose faults were traced
     * @param layers the deviation at each layer output, in execution order
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record Trace(String title, InjectionRecord injection, List<LayerDeviation> layers) {

        public Trace {
            layers = List.copyOf(layers);
        }
    }

    private ErrorPropagation() {
    }

    /**
     * The injections of {@code result} worth following through the network: the most severe
     * fault in the earliest layer (forward order) where a fault caused a failure (SDC, CRITICAL
     * or DUE; else a changed output), whose error has the whole network to grow or fade in,
     * and the most severe fault overall, often in the last layers, where it has nowhere to
     * propagate; one injection when both are the same. Empty when nothing was injected.
     */
    public static List<InjectionRecord> showcase(CampaignResult result) {
        List<InjectionRecord> worst = result.worst(result.injections());
        if (worst.isEmpty()) {
            return List.of();
        }
        InjectionRecord mostSevere = worst.get(0);
        List<String> order = result.info().layerOrder();
        Comparator<InjectionRecord> earliestLayer = Comparator.comparingInt(r -> {
            int at = order.indexOf(r.fault().site().layer());
            return at < 0 ? Integer.MAX_VALUE : at;
        });
        Optional<InjectionRecord> earliest = worst.stream().filter(r -> r.outcome().isFailure()).min(earliestLayer);
        if (earliest.isEmpty()) {
            earliest = worst.stream().filter(r -> r.outcome() != Outcome.MASKED).min(earliestLayer);
        }
        // min keeps the first of equals, and worst is most severe first: the most severe of the earliest layer
        return earliest.isEmpty() || earliest.get().equals(mostSevere) ? List.of(mostSevere)
                : List.of(earliest.get(), mostSevere);
    }

    /** {@link #showcase} of {@code result}, each traced on {@code golden} (the golden run the campaign ran on). */
    public static List<Trace> traceShowcase(GoldenRun golden, CampaignResult result) {
        List<InjectionRecord> chosen = showcase(result);
        List<Trace> traces = new ArrayList<>();
        for (InjectionRecord r : chosen) {
            String title = r.equals(chosen.get(chosen.size() - 1)) ? "most severe fault"
                    : "most severe fault in the earliest layer with a " + (r.outcome().isFailure() ? "failure"
                            : "changed output") + " (" + r.fault().site().layer() + ")";
            traces.add(new Trace(title, r, trace(golden, r.scenario())));
        }
        return traces;
    }

    public static List<LayerDeviation> trace(GoldenRun golden, FaultScenario scenario) {
        golden.model().requireTraceable();
        Injector injector = new Injector(golden);
        Map<String, float[]> reference = new LinkedHashMap<>();
        Map<String, float[]> faulty = new LinkedHashMap<>();
        long[] before = new long[scenario.size()];
        long[] after = new long[scenario.size()];
        try (NDManager scope = golden.model().manager().newSubManager()) {
            scope.tempAttachAll(golden.inputs());
            Tracer.forward(golden.model(), golden.inputs(), record(reference));
        }
        try (NDManager scope = golden.model().manager().newSubManager()) {
            injector.run(scenario, scope, before, after, record(faulty));
        }
        List<LayerDeviation> deviations = new ArrayList<>();
        for (Map.Entry<String, float[]> e : reference.entrySet()) {
            float[] g = e.getValue();
            float[] f = faulty.get(e.getKey());
            long changed = 0;
            long nonFinite = 0;
            double max = 0;
            for (int i = 0; i < g.length; i++) {
                if (Float.floatToRawIntBits(g[i]) != Float.floatToRawIntBits(f[i])) {
                    changed++;
                    if (Float.isFinite(f[i])) {
                        max = Math.max(max, Math.abs(f[i] - g[i]));
                    } else {
                        nonFinite++;
                    }
                }
            }
            deviations.add(new LayerDeviation(e.getKey(), g.length, changed, max, nonFinite));
        }
        return deviations;
    }

    private static Tracer.Hook record(Map<String, float[]> into) {
        return (layer, out) -> {
            NDArray head = out.head();
            into.putIfAbsent(layer, (head.getDataType() == DataType.FLOAT32 ? head : head.toType(DataType.FLOAT32, false))
                    .toFloatArray());
            return out;
        };
    }
}
