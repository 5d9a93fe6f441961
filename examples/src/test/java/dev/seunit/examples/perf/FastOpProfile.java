package dev.seunit.examples.perf;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.Execution;
import dev.seunit.campaign.FastOptions;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.campaign.FaultTarget;
import dev.seunit.campaign.Task;
import dev.seunit.examples.hsi.HsiScenes;
import dev.seunit.examples.hsi.UNet;
import dev.seunit.examples.hsi.UNetModels;
import dev.seunit.fault.BitSelection;
import dev.seunit.model.InjectableModel;
import dev.seunit.transform.ActivationKind;

/**
 * Where FAST's time goes, op by op: the benchmark's all-bits weight campaign on the U-Net run
 * under the PyTorch profiler, with the torch ops summed by name (outermost ops only, so nested
 * ones are not counted twice). The profiler records the thread that starts it only, so the
 * suffixes run on the caller's thread here (one lane, {@link FastOptions#lanes()}); the rest of the wall
 * time is Java (faulty layer outputs, reading and comparing outputs) and JNI.
 *
 * <pre>java -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
 *     -cp examples/target/test-classes:examples/target/classes:$(cat examples/target/cp.txt) \
 *     dev.seunit.examples.perf.FastOpProfile [faults]   (default 4000)</pre>
 */
public final class FastOpProfile {

    private FastOpProfile() {
    }

    public static void main(String[] args) throws IOException {
        int faults = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        Engine.getInstance().setRandomSeed(42);
        Path trace = Files.createTempFile("seunit-fast-ops", ".json");
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            UNet unet = UNetModels.trained(manager, ActivationKind.RELU);
            HsiScenes.Scenes scenes = HsiScenes.heldOut(manager, 4);
            try (InjectableModel model = InjectableModel.of("unet-relu", unet);
                    GoldenRun golden = GoldenRun.of(model, new NDList(scenes.inputs()), scenes.labels())) {
                campaign(golden, 300).run(); // warm-up
                JniUtils.startProfile(false, false, false);
                long start = System.nanoTime();
                CampaignResult result = campaign(golden, faults).run();
                long wall = System.nanoTime() - start;
                JniUtils.stopProfile(trace.toString());
                System.out.printf(Locale.ROOT, "%d faults in %.2f s (one lane, profiler on)%n", result.injections(),
                        wall / 1e9);
                System.out.println(result.engineStatistics());
                print(opMillis(trace), wall / 1e6);
            }
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    private static Campaign campaign(GoldenRun golden, int count) {
        return Campaign.builder(golden).name("profile").target(FaultTarget.PARAMETERS).bits(BitSelection.ALL)
                .task(Task.segmentation()).criticalShare(0.01).budget(Budget.count(count)).seed(2024)
                // one lane: the profiler records only the thread that starts it
                .execution(Execution.FAST).fastOptions(FastOptions.defaults().withLanes(1))
                .progress(ProgressListener.NONE).build();
    }

    /** Milliseconds per op name, outermost ops only (an op inside another is part of it). */
    private static Map<String, double[]> opMillis(Path trace) throws IOException {
        JsonElement root;
        try (Reader reader = Files.newBufferedReader(trace)) {
            root = JsonParser.parseReader(reader);
        }
        List<JsonObject> events = new ArrayList<>();
        for (JsonElement e : root.isJsonObject() ? root.getAsJsonObject().getAsJsonArray("traceEvents")
                : root.getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            if (o.has("ph") && "X".equals(o.get("ph").getAsString())) {
                events.add(o);
            }
        }
        events.sort(Comparator.<JsonObject>comparingDouble(o -> o.get("ts").getAsDouble())
                .thenComparing(o -> -o.get("dur").getAsDouble()));
        Map<String, double[]> byName = new HashMap<>(); // {ms, calls}
        Deque<Double> openUntil = new ArrayDeque<>();
        for (JsonObject o : events) {
            double ts = o.get("ts").getAsDouble();
            double dur = o.get("dur").getAsDouble();
            while (!openUntil.isEmpty() && openUntil.peek() <= ts) {
                openUntil.pop();
            }
            if (openUntil.isEmpty()) {
                double[] sum = byName.computeIfAbsent(o.get("name").getAsString(), n -> new double[2]);
                sum[0] += dur / 1000;
                sum[1]++;
            }
            openUntil.push(ts + dur);
        }
        return byName;
    }

    private static void print(Map<String, double[]> ops, double wallMillis) {
        double total = ops.values().stream().mapToDouble(v -> v[0]).sum();
        System.out.printf(Locale.ROOT, "torch ops: %.0f ms of %.0f ms wall (%.0f%%)%n", total, wallMillis,
                100 * total / wallMillis);
        ops.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0])).limit(15)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %-28s %8.0f ms %5.1f%% of ops  %7.0f calls%n",
                        e.getKey(), e.getValue()[0], 100 * e.getValue()[0] / total, e.getValue()[1]));
    }
}
