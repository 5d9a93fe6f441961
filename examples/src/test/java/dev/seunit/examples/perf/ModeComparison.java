package dev.seunit.examples.perf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.IntStream;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.EngineStatistics;
import dev.seunit.campaign.EngineStatistics.Count;
import dev.seunit.campaign.EngineStatistics.Phase;
import dev.seunit.campaign.Execution;
import dev.seunit.campaign.FastOptions;
import dev.seunit.campaign.FaultTarget;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.fault.BitSelection;

/**
 * One kind of campaign on one network, run NAIVE (on every core, {@link EqualCoreNaive}), EXACT
 * and FAST with the same plan. Both first warm up on another plan of the kind (JIT, the engine's
 * per-golden-run work); FAST's colder rate there is kept too. Then FAST runs {@link #ROUNDS} times
 * between slices of the naive injections, and each run's ratio is taken against the two slices
 * next to it, so that a machine whose speed drifts skews the ratio less; the median is the figure,
 * and every FAST run must give the same records. EXACT runs every FAST fault: FAST's outcomes are
 * compared with EXACT's on all of them, EXACT's records with naive's on the common ones.
 */
final class ModeComparison {

    static final int ROUNDS = 3;
    private static final long SEED = 2024;

    /** What a campaign hits. */
    record Kind(String name, FaultTarget target, BitSelection bits) {
    }

    static final List<Kind> KINDS = List.of(new Kind("weights, all bits", FaultTarget.PARAMETERS, BitSelection.ALL),
            new Kind("weights, MSB", FaultTarget.PARAMETERS, BitSelection.MSB),
            new Kind("activations, all bits", FaultTarget.ACTIVATIONS, BitSelection.ALL));

    private final BenchNetwork network;
    private final GoldenRun golden;
    private final EqualCoreNaive naive;

    ModeComparison(BenchNetwork network, GoldenRun golden, EqualCoreNaive naive) {
        this.network = network;
        this.golden = golden;
        this.naive = naive;
    }

    Function<GoldenRun, Campaign> plan(Kind kind, int count, long seed, Execution mode) {
        return g -> Campaign.builder(g).name(network.name() + " " + kind.name() + " " + mode).target(kind.target())
                .bits(kind.bits()).task(network.task()).criticalShare(network.criticalShare())
                .budget(Budget.count(count)).seed(seed).execution(mode)
                .fastOptions(FastOptions.defaults().withLanes(naive.cores())).progress(ProgressListener.NONE).build();
    }

    JsonObject compare(Kind kind, int naiveCount, int fastCount) {
        int[] common = IntStream.range(0, Math.min(naiveCount, fastCount)).toArray();
        naive.run(plan(kind, naiveCount, SEED + 1, Execution.NAIVE), IntStream.range(0, Math.max(1, common.length / 4))
                .toArray());
        CampaignResult warmUp = plan(kind, Math.max(1, fastCount / 2), SEED + 1, Execution.FAST).apply(golden).run();
        CampaignResult exact = plan(kind, fastCount, SEED, Execution.EXACT).apply(golden).run();
        List<EqualCoreNaive.Run> slices = new ArrayList<>();
        List<Timed> fastRuns = new ArrayList<>();
        slices.add(naive.run(plan(kind, fastCount, SEED, Execution.NAIVE), slice(common, 0)));
        for (int round = 0; round < ROUNDS; round++) {
            long cpu = Cpu.processNanos();
            CampaignResult fast = plan(kind, fastCount, SEED, Execution.FAST).apply(golden).run();
            fastRuns.add(new Timed(fast, Cpu.processNanos() - cpu));
            slices.add(naive.run(plan(kind, fastCount, SEED, Execution.NAIVE), slice(common, round + 1)));
        }
        return report(kind, common, warmUp, exact, slices, fastRuns);
    }

    /** A FAST run and the CPU time the process spent on it. */
    private record Timed(CampaignResult result, long cpuNanos) {

        double perSecond() {
            return result.injections() / (result.elapsedNanos() / 1e9);
        }

        double perCoreSecond() {
            return result.injections() / (cpuNanos / 1e9);
        }
    }

    /** Slice {@code k} of {@link #ROUNDS} + 1 of the common faults. */
    private static int[] slice(int[] common, int k) {
        int slices = ROUNDS + 1;
        return Arrays.copyOfRange(common, k * common.length / slices, (k + 1) * common.length / slices);
    }

    private JsonObject report(Kind kind, int[] common, CampaignResult warmUp, CampaignResult exact,
            List<EqualCoreNaive.Run> slices, List<Timed> fastRuns) {
        double[] ratios = new double[ROUNDS];
        double[] perCore = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            EqualCoreNaive.Run before = slices.get(round);
            EqualCoreNaive.Run after = slices.get(round + 1);
            double naiveRate = (before.result().injections() + after.result().injections())
                    / ((before.wallNanos() + after.wallNanos()) / 1e9);
            double naivePerCore = (before.result().injections() + after.result().injections())
                    / ((before.cpuNanos() + after.cpuNanos()) / 1e9);
            ratios[round] = fastRuns.get(round).perSecond() / naiveRate;
            perCore[round] = fastRuns.get(round).perCoreSecond() / naivePerCore;
        }
        int median = medianIndex(ratios);
        Timed fast = fastRuns.get(median);
        CampaignResult naiveAll = CampaignResult.ofShards(slices.stream().map(EqualCoreNaive.Run::result).toList());
        long naiveWall = slices.stream().mapToLong(EqualCoreNaive.Run::wallNanos).sum();
        long naiveCpu = slices.stream().mapToLong(EqualCoreNaive.Run::cpuNanos).sum();
        Agreement agreement = Agreement.of(naiveAll, exact, fastRuns.stream().map(Timed::result).toList());
        EngineStatistics engine = fast.result().engineStatistics();
        int n = fast.result().injections();
        double checkpoints = (engine.count(Count.MASKED_AT_CHECKPOINTS) + engine.count(Count.CERTIFIED)) / (double) n;
        System.out.printf(Locale.ROOT, "%n== %s: %s ==%n", network.name(), kind.name());
        System.out.printf(Locale.ROOT, "naive on %d cores: %8.1f inj/s, %8.1f inj per core-second (%d injections)%n",
                naive.cores(), naiveAll.injections() / (naiveWall / 1e9), naiveAll.injections() / (naiveCpu / 1e9),
                naiveAll.injections());
        System.out.printf(Locale.ROOT, "fast, %d lanes:    %8.1f inj/s, %8.1f inj per core-second (the run of the"
                + " median ratio, %d injections)%n", naive.cores(), fast.perSecond(), fast.perCoreSecond(), n);
        System.out.printf(Locale.ROOT, "fast / naive, equal cores: %.2fx wall clock, %.2fx per core-second (median of"
                + " %d runs: %s)%n", ratios[median], perCore[median], ROUNDS, describe(ratios, perCore));
        System.out.printf(Locale.ROOT, "fast on the warm-up plan of %d: %.1f inj/s; checkpoint search %d ms there, %d"
                + " ms in the measured runs%n", warmUp.injections(), rate(warmUp), millis(warmUp), millis(fast.result()));
        System.out.printf(Locale.ROOT, "decided at the faulted layer %.2f%%, at checkpoints %.2f%%  [%s]%n",
                100.0 * engine.count(Count.EARLY_MASKED) / n, 100.0 * checkpoints, engine);
        System.out.println(agreement.describe());
        JsonObject o = new JsonObject();
        o.addProperty("network", network.name());
        o.addProperty("campaign", kind.name());
        o.addProperty("seed", SEED);
        o.addProperty("cores", naive.cores());
        o.addProperty("naiveInjections", naiveAll.injections());
        o.addProperty("naiveInjectionsPerSecond", naiveAll.injections() / (naiveWall / 1e9));
        o.addProperty("naiveInjectionsPerCoreSecond", naiveAll.injections() / (naiveCpu / 1e9));
        o.addProperty("fastInjections", n);
        o.addProperty("fastInjectionsPerSecond", fast.perSecond());
        o.addProperty("fastInjectionsPerCoreSecond", fast.perCoreSecond());
        o.addProperty("ratioWallClockEqualCores", ratios[median]);
        o.addProperty("ratioPerCoreSecond", perCore[median]);
        JsonArray each = new JsonArray();
        for (int round = 0; round < ROUNDS; round++) {
            JsonObject r = new JsonObject();
            r.addProperty("fastInjectionsPerSecond", fastRuns.get(round).perSecond());
            r.addProperty("ratioWallClock", ratios[round]);
            r.addProperty("ratioPerCoreSecond", perCore[round]);
            each.add(r);
        }
        o.add("fastRuns", each);
        o.addProperty("fastWarmUpInjectionsPerSecond", rate(warmUp));
        o.addProperty("checkpointSearchWarmUpMillis", millis(warmUp));
        o.addProperty("earlyDecidedShare", (double) engine.count(Count.EARLY_MASKED) / n);
        o.addProperty("checkpointDecidedShare", checkpoints);
        o.addProperty("engine", engine.toString());
        agreement.addTo(o);
        return o;
    }

    private static long millis(CampaignResult result) {
        return result.engineStatistics().time(Phase.CHECKPOINT_SEARCH).toMillis();
    }

    private static double rate(CampaignResult result) {
        return result.injections() / (result.elapsedNanos() / 1e9);
    }

    private static int medianIndex(double[] values) {
        Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        return order[values.length / 2];
    }

    private static String describe(double[] ratios, double[] perCore) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < ratios.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2fx / %.2fx", ratios[i], perCore[i]));
        }
        return b.toString();
    }
}
