package dev.seunit.examples.perf;

import static dev.seunit.examples.perf.CampaignThroughputBenchmark.medianIndex;
import static dev.seunit.examples.perf.CampaignThroughputBenchmark.outcomeCounts;
import static dev.seunit.examples.perf.CampaignThroughputBenchmark.rate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.Execution;
import dev.seunit.campaign.FaultTarget;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.campaign.Task;
import dev.seunit.fault.BitSelection;
import dev.seunit.model.InjectableModel;

/**
 * Campaign throughput on imported ONNX models (the framework's zoo, exported by PyTorch): the
 * ResNet-18 at 1/8 width on 4 images 32x32, and the U-Net (ConvTranspose, Concat skips) imported
 * for 4 images 64x64. For weights over all bits and activations over all bits, NAIVE and FAST
 * first warm up on another plan of the same kind; then FAST runs {@link #ROUNDS} times between
 * slices of the naive loop, each ratio against the naive slices next to it (the machine's speed
 * drifts), the median reported. EXACT runs every FAST fault: its records must be NAIVE's bit for
 * bit on the common ones, and FAST's outcome agreement with it is printed. Writes
 * {@code examples/target/seunit/onnx-throughput-benchmark.json}. FAST's speed on imported graphs
 * is not tuned yet (its checkpoints do not certify through Add/Concat/Mul layers): these figures
 * are where that work starts.
 *
 * <pre>mvn -B -q -pl examples -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *     -Dmdep.includeScope=test
 * java -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
 *     -cp examples/target/test-classes:examples/target/classes:$(cat examples/target/cp.txt) \
 *     dev.seunit.examples.perf.OnnxThroughputBenchmark [naive fast]   (defaults 300 1500; run from the repository root)</pre>
 */
public final class OnnxThroughputBenchmark {

    private static final long SEED = 2024;
    private static final int ROUNDS = 3;
    private static final Path ZOO = Paths.get("framework", "src", "test", "resources", "onnx");

    private OnnxThroughputBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int naiveCount = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int fastCount = args.length > 1 ? Integer.parseInt(args[1]) : 1500;
        Engine.getInstance().setRandomSeed(42);
        JsonObject json = new JsonObject();
        json.addProperty("cores", Runtime.getRuntime().availableProcessors());
        json.addProperty("torchThreads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        JsonArray models = new JsonArray();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            models.add(model(manager, "resnet18", Task.classification(), new Shape(4, 3, 32, 32), naiveCount, fastCount));
            models.add(model(manager, "unet", Task.segmentation(), new Shape(4, 3, 64, 64), naiveCount, fastCount));
        }
        json.add("models", models);
        Path out = Paths.get("examples", "target", "seunit", "onnx-throughput-benchmark.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, new GsonBuilder().setPrettyPrinting().create().toJson(json), StandardCharsets.UTF_8);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    private static JsonObject model(NDManager manager, String name, Task task, Shape inputShape, int naiveCount,
            int fastCount) {
        Path file = ZOO.resolve(name + ".onnx");
        JsonObject o = new JsonObject();
        try (InjectableModel model = InjectableModel.loadOnnx(file, new Shape(1).addAll(inputShape.slice(1)))) {
            NDArray inputs = manager.randomNormal(inputShape); // seeded above
            try (GoldenRun golden = GoldenRun.of(model, inputs)) {
                System.out.printf(Locale.ROOT, "%n#### %s: %s, inputs %s ####%n", name, model, inputShape);
                o.addProperty("model", name + " (" + model + ")");
                o.addProperty("inputs", inputShape.toString());
                JsonArray campaigns = new JsonArray();
                campaigns.add(compare(golden, task, "weights, all bits", FaultTarget.PARAMETERS, naiveCount, fastCount));
                campaigns.add(compare(golden, task, "activations, all bits", FaultTarget.ACTIVATIONS, naiveCount,
                        fastCount));
                o.add("campaigns", campaigns);
            }
        }
        return o;
    }

    private static Campaign campaign(GoldenRun golden, Task task, FaultTarget target, int count, long seed,
            Execution mode) {
        return Campaign.builder(golden).name(target + " " + mode).target(target).bits(BitSelection.ALL).task(task)
                .criticalShare(0.01).budget(Budget.count(count)).seed(seed).execution(mode)
                .progress(ProgressListener.NONE).build();
    }

    private static JsonObject compare(GoldenRun golden, Task task, String name, FaultTarget target, int naiveCount,
            int fastCount) {
        int[] common = IntStream.range(0, Math.min(naiveCount, fastCount)).toArray();
        campaign(golden, task, target, naiveCount, SEED + 1, Execution.NAIVE).run(
                IntStream.range(0, Math.max(1, common.length / 4)).toArray());
        CampaignResult warmUp = campaign(golden, task, target, Math.max(1, fastCount / 2), SEED + 1, Execution.FAST).run();
        List<CampaignResult> naiveSlices = new ArrayList<>();
        List<CampaignResult> fastRuns = new ArrayList<>();
        double[] ratios = new double[ROUNDS];
        naiveSlices.add(naiveSlice(golden, task, target, fastCount, common, 0));
        for (int round = 0; round < ROUNDS; round++) {
            fastRuns.add(campaign(golden, task, target, fastCount, SEED, Execution.FAST).run());
            naiveSlices.add(naiveSlice(golden, task, target, fastCount, common, round + 1));
            ratios[round] = rate(fastRuns.get(round)) / rate(CampaignResult.ofShards(naiveSlices.subList(round,
                    round + 2)));
        }
        CampaignResult naive = CampaignResult.ofShards(naiveSlices);
        CampaignResult exact = campaign(golden, task, target, fastCount, SEED, Execution.EXACT).run();
        int median = medianIndex(ratios);
        CampaignResult fast = fastRuns.get(median);
        boolean repeatable = true;
        for (CampaignResult other : fastRuns) {
            for (int i = 0; i < fast.records().size(); i++) {
                repeatable &= other.records().get(i).sameResultAs(fast.records().get(i));
            }
        }
        int exactSame = 0;
        for (int i = 0; i < common.length; i++) {
            exactSame += exact.records().get(i).sameResultAs(naive.records().get(i)) ? 1 : 0;
        }
        int agree = 0;
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < fast.records().size(); i++) {
            InjectionRecord e = exact.records().get(i);
            InjectionRecord f = fast.records().get(i);
            if (e.outcome() == f.outcome()) {
                agree++;
            } else {
                disagreements.add("exact " + e + " | fast " + f);
            }
        }
        double naiveRate = rate(naive);
        System.out.printf(Locale.ROOT, "%n== %s ==%n", name);
        System.out.printf(Locale.ROOT, "naive: %8.1f inj/s (%d injections)%n", naiveRate, common.length);
        System.out.printf(Locale.ROOT, "exact: %8.1f inj/s (%.2fx naive; %d/%d records identical to naive)%n",
                rate(exact), rate(exact) / naiveRate, exactSame, common.length);
        System.out.printf(Locale.ROOT, "fast:  %8.1f inj/s = %.2fx naive (median of %d runs, each against the naive "
                + "slices next to it: %s); warm-up %.1f inj/s; records identical in every run: %s%n", rate(fast),
                ratios[median], ROUNDS, Arrays.toString(Arrays.stream(ratios).map(r -> Math.round(r * 100) / 100.0)
                        .toArray()), rate(warmUp), repeatable);
        System.out.printf(Locale.ROOT, "outcome agreement fast vs exact (= naive): %d/%d = %.3f%%; outcomes %s%n", agree,
                fast.records().size(), 100.0 * agree / fast.records().size(), outcomeCounts(fast));
        disagreements.forEach(d -> System.out.println("  disagreement: " + d));
        JsonObject o = new JsonObject();
        o.addProperty("campaign", name);
        o.addProperty("naiveInjections", common.length);
        o.addProperty("naiveInjectionsPerSecond", naiveRate);
        o.addProperty("exactInjectionsPerSecond", rate(exact));
        o.addProperty("exactRecordsIdenticalToNaive", exactSame);
        o.addProperty("fastInjections", fast.records().size());
        o.addProperty("fastInjectionsPerSecond", rate(fast));
        o.addProperty("ratioFastOverNaive", ratios[median]);
        o.addProperty("fastRecordsIdenticalInEveryRun", repeatable);
        o.addProperty("agreementWithExact", (double) agree / fast.records().size());
        o.addProperty("fastOutcomes", outcomeCounts(fast));
        JsonArray d = new JsonArray();
        disagreements.forEach(d::add);
        o.add("disagreements", d);
        return o;
    }

    private static CampaignResult naiveSlice(GoldenRun golden, Task task, FaultTarget target, int fastCount,
            int[] common, int k) {
        int slices = ROUNDS + 1;
        return campaign(golden, task, target, fastCount, SEED, Execution.NAIVE).run(
                Arrays.copyOfRange(common, k * common.length / slices, (k + 1) * common.length / slices));
    }
}
