package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    private ErrorPropagation() {
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
