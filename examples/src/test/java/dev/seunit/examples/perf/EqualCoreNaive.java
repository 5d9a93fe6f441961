package dev.seunit.examples.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;

import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.GoldenRun;

/**
 * The naive loop given the cores FAST uses, as a user with that many cores would run it: one
 * naive campaign per core, each on its own copy of the network, on interleaved slices of the same
 * plan (the shards {@code seunit.shard=i/n} would run). Rates are taken from the wall time of
 * the whole and from the CPU time the process spent meanwhile.
 */
final class EqualCoreNaive implements AutoCloseable {

    /** A slice of the plan run by every copy at once. */
    record Run(CampaignResult result, long wallNanos, long cpuNanos) {

        double perSecond() {
            return result.injections() / (wallNanos / 1e9);
        }

        double perCoreSecond() {
            return result.injections() / (cpuNanos / 1e9);
        }
    }

    private final List<BenchNetwork.Copy> copies = new ArrayList<>();
    private final ExecutorService threads;

    EqualCoreNaive(BenchNetwork network, int cores) {
        for (int c = 0; c < cores; c++) {
            copies.add(network.open());
        }
        this.threads = Executors.newFixedThreadPool(cores);
    }

    int cores() {
        return copies.size();
    }

    /** Runs {@code indices} of the plan {@code campaign} makes on a golden run, split over the copies. */
    Run run(Function<GoldenRun, Campaign> campaign, int[] indices) {
        int n = copies.size();
        long cpu = Cpu.processNanos();
        long start = System.nanoTime();
        List<Future<CampaignResult>> shards = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            int shard = c;
            int[] mine = IntStream.range(0, indices.length).filter(i -> i % n == shard).map(i -> indices[i]).toArray();
            GoldenRun golden = copies.get(c).golden();
            shards.add(threads.submit(() -> campaign.apply(golden).run(mine)));
        }
        List<CampaignResult> results = new ArrayList<>();
        for (Future<CampaignResult> f : shards) {
            try {
                results.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        long wall = System.nanoTime() - start;
        return new Run(CampaignResult.ofShards(results), wall, Cpu.processNanos() - cpu);
    }

    @Override
    public void close() {
        threads.shutdown();
        copies.forEach(BenchNetwork.Copy::close);
    }
}
