package dev.seunit.examples.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.Execution;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.Outcome;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.fault.BitSelection;

/**
 * {@code count} FAST weight injections (all bits) of one plan, run as consecutive slices of
 * 10,000 whose records are dropped (only the outcome counts are kept), with a GC and the process
 * RSS sampled after each slice: what grows is native memory, not records on the heap.
 */
final class MemoryProfile {

    private static final int EVERY = 10_000;

    private MemoryProfile() {
    }

    static JsonObject run(BenchNetwork network, GoldenRun golden, int count) {
        Campaign campaign = Campaign.builder(golden).name("memory").bits(BitSelection.ALL).task(network.task())
                .criticalShare(network.criticalShare()).budget(Budget.count(count)).seed(2025)
                .execution(Execution.FAST).progress(ProgressListener.NONE).build();
        System.out.printf(Locale.ROOT, "%n== %s memory: %,d FAST injections, weights, all bits, in slices of %,d ==%n",
                network.name(), count, EVERY);
        List<long[]> samples = new ArrayList<>();
        System.gc();
        samples.add(new long[] {0, Cpu.rssKiB(), usedHeapKiB()});
        long start = System.nanoTime();
        long[] outcomes = new long[Outcome.values().length];
        for (int from = 0; from < count; from += EVERY) {
            int[] slice = IntStream.range(from, Math.min(count, from + EVERY)).toArray();
            for (InjectionRecord r : campaign.run(slice).records()) {
                outcomes[r.outcome().ordinal()]++;
            }
            System.gc();
            long[] sample = {from + slice.length, Cpu.rssKiB(), usedHeapKiB()};
            samples.add(sample);
            System.out.printf(Locale.ROOT, "  %,7d injections: RSS %,d KiB, Java heap used %,d KiB (%.0f inj/s)%n",
                    sample[0], sample[1], sample[2], sample[0] / ((System.nanoTime() - start) / 1e9));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] first = samples.get(Math.min(1, samples.size() - 1));
        long[] end = samples.get(samples.size() - 1);
        System.out.printf(Locale.ROOT, "RSS after the first slice: %,d KiB, at the end: %,d KiB, growth %+,d KiB; "
                + "%.1f s, %.0f inj/s; outcomes %s%n", first[1], end[1], end[1] - first[1], seconds, count / seconds,
                java.util.Arrays.toString(outcomes));
        JsonObject o = new JsonObject();
        o.addProperty("network", network.name());
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
        o.addProperty("rssGrowthAfterFirstSliceKiB", end[1] - first[1]);
        return o;
    }

    private static long usedHeapKiB() {
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) / 1024;
    }
}
