package dev.seunit.examples.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.Execution;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.Outcome;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.campaign.FaultTarget;
import dev.seunit.campaign.Task;
import dev.seunit.campaign.internal.ReplayEngine;
import dev.seunit.examples.hsi.HsiScenes;
import dev.seunit.examples.hsi.UNet;
import dev.seunit.examples.hsi.UNetModels;
import dev.seunit.fault.BitSelection;
import dev.seunit.model.InjectableModel;
import dev.seunit.transform.ActivationKind;

/**
 * Campaign throughput on the trained ReLU U-Net with 4 held-out scenes: the same plan run with
 * {@link Execution#NAIVE} (one full inference per fault), {@link Execution#EXACT} and
 * {@link Execution#FAST} in one JVM, for weights over all bits, weights over the MSB and
 * activations over all bits; then {@code memory} FAST injections with the process RSS sampled
 * every 10,000. NAIVE and FAST first warm up on another plan of the same kind (FAST's colder
 * rate there is printed too); then FAST runs {@link #ROUNDS} times between slices of the naive
 * injections, and each run's ratio is taken against the slices next to it, so that a machine
 * whose speed drifts skews the ratio less; the median is the figure, and every run must give the
 * same records. Prints injections/second, ratios, the share of faults decided at their own
 * layer and at checkpoints, the time spent finding checkpoints, FAST's outcome agreement with
 * EXACT on every fault (EXACT's records are checked bit-identical to naive on the common ones),
 * and writes
 * {@code examples/target/seunit/throughput-benchmark.json}.
 *
 * <pre>mvn -B -q -pl examples -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *     -Dmdep.includeScope=test
 * java -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
 *     -cp examples/target/test-classes:examples/target/classes:$(cat examples/target/cp.txt) \
 *     dev.seunit.examples.perf.CampaignThroughputBenchmark \
 *     [naive fast memory]   (defaults 400 4000 100000; memory 0 skips it, fast 0 runs only the memory part)</pre>
 */
public final class CampaignThroughputBenchmark {

    private static final long SEED = 2024;
    /** FAST runs of each campaign; the figure is the median ratio. */
    private static final int ROUNDS = 3;

    private CampaignThroughputBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int naiveCount = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int fastCount = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        int memoryCount = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        Engine.getInstance().setRandomSeed(42);
        JsonObject json = new JsonObject();
        json.addProperty("model", "UNet(RELU), trained, 37.6k parameters");
        json.addProperty("inputs", "4 held-out 25-band 32x32 scenes");
        json.addProperty("cores", Runtime.getRuntime().availableProcessors());
        json.addProperty("torchThreads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        json.addProperty("loadAverageAtStart", loadAverage());
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            UNet unet = UNetModels.trained(manager, ActivationKind.RELU);
            HsiScenes.Scenes scenes = HsiScenes.heldOut(manager, 4);
            try (InjectableModel model = InjectableModel.of("unet-relu", unet);
                    GoldenRun golden = GoldenRun.of(model, new NDList(scenes.inputs()), scenes.labels())) {
                // warm-up of every path; FAST finds most of its checkpoints here (once per golden run)
                ReplayEngine.COUNTERS.reset();
                for (Execution mode : Execution.values()) {
                    campaign(golden, FaultTarget.PARAMETERS, BitSelection.ALL, 100, 1, mode).run();
                }
                long planning = ReplayEngine.COUNTERS.nanosCheckpoints.get();
                System.out.printf(Locale.ROOT, "finding checkpoints during the warm-up: %d ms (once per golden run)%n",
                        planning / 1_000_000);
                json.addProperty("checkpointsWarmUpMillis", planning / 1_000_000);
                if (fastCount > 0) {
                JsonArray campaigns = new JsonArray();
                campaigns.add(compare(golden, "weights, all bits", FaultTarget.PARAMETERS, BitSelection.ALL, naiveCount,
                        fastCount));
                campaigns.add(compare(golden, "weights, MSB", FaultTarget.PARAMETERS, BitSelection.MSB, naiveCount,
                        fastCount));
                campaigns.add(compare(golden, "activations, all bits", FaultTarget.ACTIVATIONS, BitSelection.ALL,
                        naiveCount, fastCount));
                json.add("campaigns", campaigns);
                }
                if (memoryCount > 0) {
                    json.add("memory", memory(golden, memoryCount));
                }
            }
        }
        json.addProperty("loadAverageAtEnd", loadAverage());
        Path out = targetDirectory().resolve("seunit").resolve("throughput-benchmark.json");
        Files.createDirectories(out.getParent());
        if (fastCount == 0 && Files.exists(out)) {
            // a memory-only run keeps the campaign figures of the last full run
            JsonObject previous = com.google.gson.JsonParser.parseString(Files.readString(out)).getAsJsonObject();
            previous.add("memory", json.get("memory"));
            previous.addProperty("memoryRunLoadAverage", loadAverage());
            json = previous;
        }
        Files.writeString(out, new GsonBuilder().setPrettyPrinting().create().toJson(json), StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }

    private static Campaign campaign(GoldenRun golden, FaultTarget target, BitSelection bits, int count, long seed,
            Execution mode) {
        return Campaign.builder(golden).name(target + " " + bits + " " + mode).target(target).bits(bits)
                .task(Task.segmentation()).criticalShare(0.01).budget(Budget.count(count)).seed(seed).execution(mode)
                .progress(ProgressListener.NONE).build();
    }

    private static JsonObject compare(GoldenRun golden, String name, FaultTarget target, BitSelection bits, int naiveCount,
            int fastCount) {
        int[] common = IntStream.range(0, Math.min(naiveCount, fastCount)).toArray();
        int half = common.length / 2;
        // steady state for both, as a suite's later campaigns see it: each mode first runs
        // another plan of this kind (JIT, the engine's per-layer checks and caches); the cold
        // rate is printed too
        campaign(golden, target, bits, naiveCount, SEED + 1, Execution.NAIVE).run(
                IntStream.range(0, Math.max(1, common.length / 4)).toArray());
        ReplayEngine.COUNTERS.reset();
        CampaignResult fastWarmUp = campaign(golden, target, bits, Math.max(1, fastCount / 2), SEED + 1,
                Execution.FAST).run();
        long warmUpPlanning = ReplayEngine.COUNTERS.nanosCheckpoints.get();
        // FAST runs ROUNDS times with slices of the naive loop before, between and after, so that
        // each ratio sets a FAST run against the naive runs next to it (this machine's speed
        // drifts within minutes); the median ratio is the figure
        CampaignResult exactCommon = campaign(golden, target, bits, fastCount, SEED, Execution.EXACT).run(common);
        List<CampaignResult> naiveSlices = new ArrayList<>();
        List<CampaignResult> fastRuns = new ArrayList<>();
        double[] ratios = new double[ROUNDS];
        double[] coresBusy = new double[ROUNDS];
        String[] counters = new String[ROUNDS];
        long planning = 0;
        long early = 0;
        long atCheckpoints = 0;
        naiveSlices.add(naiveSlice(golden, target, bits, fastCount, common, 0));
        for (int round = 0; round < ROUNDS; round++) {
            ReplayEngine.COUNTERS.reset();
            long cpuBefore = processCpuNanos();
            CampaignResult fast = campaign(golden, target, bits, fastCount, SEED, Execution.FAST).run();
            coresBusy[round] = (processCpuNanos() - cpuBefore) / (double) fast.elapsedNanos();
            counters[round] = ReplayEngine.COUNTERS.toString();
            if (round == 0) {
                planning = ReplayEngine.COUNTERS.nanosCheckpoints.get();
                early = ReplayEngine.COUNTERS.earlyMasked.get();
                atCheckpoints = ReplayEngine.COUNTERS.maskedAtCheckpoints.get() + ReplayEngine.COUNTERS.certified.get();
            }
            fastRuns.add(fast);
            naiveSlices.add(naiveSlice(golden, target, bits, fastCount, common, round + 1));
            ratios[round] = rate(fast) / rate(CampaignResult.ofShards(naiveSlices.subList(round, round + 2)));
        }
        CampaignResult naive = CampaignResult.ofShards(naiveSlices);
        CampaignResult fast = fastRuns.get(0);
        int median = medianIndex(ratios);
        boolean fastRepeatable = true;
        for (CampaignResult other : fastRuns) {
            for (int i = 0; i < fast.records().size(); i++) {
                fastRepeatable &= other.records().get(i).sameResultAs(fast.records().get(i));
            }
        }
        // every FAST fault on the exact path too (bit-identical to naive, checked on the common ones)
        CampaignResult exact = CampaignResult.ofShards(List.of(exactCommon, campaign(golden, target, bits, fastCount,
                SEED, Execution.EXACT).run(IntStream.range(common.length, fastCount).toArray())));
        double naiveRate = rate(naive);
        double exactRate = rate(exactCommon);
        double fastRate = rate(fastRuns.get(median));
        int exactSame = 0;
        int agree = 0;
        int fastSame = 0;
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < common.length; i++) {
            InjectionRecord n = naive.records().get(i);
            exactSame += exactCommon.records().get(i).sameResultAs(n) ? 1 : 0;
            fastSame += fast.records().get(i).sameResultAs(n) ? 1 : 0;
        }
        for (int i = 0; i < fast.records().size(); i++) {
            InjectionRecord e = exact.records().get(i);
            InjectionRecord f = fast.records().get(i);
            if (f.outcome() == e.outcome()) {
                agree++;
            } else {
                disagreements.add("exact " + describe(e) + " | fast " + describe(f));
            }
        }
        System.out.printf(Locale.ROOT, "%n== %s ==%n", name);
        System.out.printf(Locale.ROOT, "naive: %8.1f inj/s (%d injections)%n", naiveRate, common.length);
        System.out.printf(Locale.ROOT, "exact: %8.1f inj/s (%.2fx naive; %d/%d records identical to naive)%n", exactRate,
                exactRate / naiveRate, exactSame, common.length);
        System.out.printf(Locale.ROOT, "fast:  %8.1f inj/s (%d injections, the run of the median ratio) = %.2fx naive"
                + " (median of %d runs, each against the naive slices next to it: %s)%n", fastRate,
                fast.records().size(), ratios[median], ROUNDS, describe(ratios, fastRuns));
        System.out.printf(Locale.ROOT, "fast, warm-up on another plan of %d: %8.1f inj/s (= %.2fx naive)%n",
                fastWarmUp.records().size(), rate(fastWarmUp), rate(fastWarmUp) / naiveRate);
        System.out.printf(Locale.ROOT, "fast kept %.2f cores busy on average (that run); records identical in every"
                + " run: %s; outcomes %s%n", coresBusy[median], fastRepeatable, outcomeCounts(fast));
        System.out.printf(Locale.ROOT, "finding checkpoints: %d ms in this campaign, %d ms in its warm-up (the rest"
                + " were found in the first warm-up, see above)%n", planning / 1_000_000, warmUpPlanning / 1_000_000);
        System.out.printf(Locale.ROOT, "decided early: %.2f%% at the faulted layer (early-masked), %.2f%% at checkpoints"
                + "  [%s]%n", 100.0 * early / fast.records().size(), 100.0 * atCheckpoints / fast.records().size(),
                counters[median]);
        System.out.printf(Locale.ROOT, "outcome agreement fast vs exact (= naive): %d/%d = %.3f%%; records identical"
                + " to naive %d/%d%n", agree, fast.records().size(), 100.0 * agree / fast.records().size(), fastSame,
                common.length);
        disagreements.forEach(d -> System.out.println("  disagreement: " + d));
        JsonObject o = new JsonObject();
        o.addProperty("campaign", name);
        o.addProperty("seed", SEED);
        o.addProperty("naiveInjections", common.length);
        o.addProperty("naiveInjectionsPerSecond", naiveRate);
        o.addProperty("exactInjectionsPerSecond", exactRate);
        o.addProperty("exactRecordsIdenticalToNaive", exactSame);
        o.addProperty("fastRecordsIdenticalToNaive", fastSame);
        o.addProperty("fastInjections", fast.records().size());
        o.addProperty("fastInjectionsPerSecond", fastRate);
        o.addProperty("fastWarmUpInjections", fastWarmUp.records().size());
        o.addProperty("fastWarmUpInjectionsPerSecond", rate(fastWarmUp));
        o.addProperty("ratioFastOverNaive", ratios[median]);
        JsonArray each = new JsonArray();
        for (int round = 0; round < ROUNDS; round++) {
            JsonObject r = new JsonObject();
            r.addProperty("fastInjectionsPerSecond", rate(fastRuns.get(round)));
            r.addProperty("naiveInjectionsPerSecondNextToIt",
                    rate(CampaignResult.ofShards(naiveSlices.subList(round, round + 2))));
            r.addProperty("ratio", ratios[round]);
            r.addProperty("coresBusy", coresBusy[round]);
            each.add(r);
        }
        o.add("fastRuns", each);
        o.addProperty("fastRecordsIdenticalInEveryRun", fastRepeatable);
        o.addProperty("fastCoresBusy", coresBusy[median]);
        o.addProperty("fastOutcomes", outcomeCounts(fast));
        o.addProperty("ratioExactOverNaive", exactRate / naiveRate);
        o.addProperty("earlyDecidedShare", (double) early / fast.records().size());
        o.addProperty("checkpointDecidedShare", (double) atCheckpoints / fast.records().size());
        o.addProperty("checkpointsMillis", planning / 1_000_000);
        o.addProperty("checkpointsWarmUpOfThisKindMillis", warmUpPlanning / 1_000_000);
        o.addProperty("agreementWithExact", fast.records().size());
        o.addProperty("agreementSame", agree);
        o.addProperty("agreementRate", (double) agree / fast.records().size());
        o.addProperty("engine", counters[median]);
        JsonArray d = new JsonArray();
        disagreements.forEach(d::add);
        o.add("disagreements", d);
        return o;
    }

    /** Slice {@code k} of {@link #ROUNDS} + 1 of the {@code common} faults, run naive. */
    private static CampaignResult naiveSlice(GoldenRun golden, FaultTarget target, BitSelection bits, int fastCount,
            int[] common, int k) {
        int slices = ROUNDS + 1;
        return campaign(golden, target, bits, fastCount, SEED, Execution.NAIVE).run(
                Arrays.copyOfRange(common, k * common.length / slices, (k + 1) * common.length / slices));
    }

    static int medianIndex(double[] values) {
        Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        return order[values.length / 2];
    }

    private static String describe(double[] ratios, List<CampaignResult> runs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < ratios.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f inj/s = %.2fx", rate(runs.get(i)),
                    ratios[i]));
        }
        return b.toString();
    }

    /** CPU time of every thread of this process (the torch threads included). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static String outcomeCounts(CampaignResult result) {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        for (InjectionRecord r : result.records()) {
            counts.merge(r.outcome(), 1L, Long::sum);
        }
        return counts.toString();
    }

    private static String describe(InjectionRecord r) {
        return r + " maxAbsDelta=" + r.maxAbsDelta();
    }

    static double rate(CampaignResult result) {
        return result.records().size() / (result.elapsedNanos() / 1e9);
    }

    /**
     * {@code count} FAST weight injections (all bits) of one plan, run as consecutive slices of
     * 10,000 whose records are dropped (only the outcome counts are kept), with a GC and the
     * process RSS sampled after each slice: what grows is native memory, not records on the heap.
     */
    private static JsonObject memory(GoldenRun golden, int count) {
        int every = 10_000;
        Campaign campaign = Campaign.builder(golden).name("memory").bits(BitSelection.ALL).task(Task.segmentation())
                .criticalShare(0.01).budget(Budget.count(count)).seed(SEED + 1).execution(Execution.FAST)
                .progress(ProgressListener.NONE).build();
        System.out.printf(Locale.ROOT, "%n== memory: %,d FAST injections, weights, all bits, in slices of %,d ==%n", count,
                every);
        List<long[]> samples = new ArrayList<>();
        System.gc();
        samples.add(new long[] {0, rssKiB(), usedHeapKiB()});
        long start = System.nanoTime();
        long[] outcomes = new long[Outcome.values().length];
        for (int from = 0; from < count; from += every) {
            int[] slice = IntStream.range(from, Math.min(count, from + every)).toArray();
            for (InjectionRecord r : campaign.run(slice).records()) {
                outcomes[r.outcome().ordinal()]++;
            }
            System.gc();
            long[] sample = {from + slice.length, rssKiB(), usedHeapKiB()};
            samples.add(sample);
            System.out.printf(Locale.ROOT, "  %,7d injections: RSS %,d KiB, Java heap used %,d KiB (%.0f inj/s)%n",
                    sample[0], sample[1], sample[2], sample[0] / ((System.nanoTime() - start) / 1e9));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] first = samples.get(Math.min(1, samples.size() - 1));
        long[] end = samples.get(samples.size() - 1);
        System.out.printf(Locale.ROOT, "RSS after the first 10,000: %,d KiB, at the end: %,d KiB, growth %+,d KiB; "
                + "%.1f s, %.0f inj/s; outcomes %s%n", first[1], end[1], end[1] - first[1], seconds, count / seconds,
                java.util.Arrays.toString(outcomes));
        JsonObject o = new JsonObject();
        o.addProperty("injections", count);
        o.addProperty("seconds", seconds);
        o.addProperty("injectionsPerSecond", count / seconds);
        JsonArray s = new JsonArray();
        for (long[] sample : samples) {
            JsonObject p = new JsonObject();
            p.addProperty("injections", sample[0]);
            p.addProperty("rssKiB", sample[1]);
            p.addProperty("javaHeapUsedKiB", sample[2]);
            s.add(p);
        }
        o.add("rssSamples", s);
        o.addProperty("rssGrowthAfterFirst10kKiB", end[1] - first[1]);
        return o;
    }

    private static long usedHeapKiB() {
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) / 1024;
    }

    private static long rssKiB() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return -1;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Path targetDirectory() {
        try {
            // examples/target/test-classes -> examples/target
            return Paths.get(CampaignThroughputBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
