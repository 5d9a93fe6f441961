package dev.seunit.examples.perf;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import ai.djl.engine.Engine;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.EngineStatistics.Phase;
import dev.seunit.campaign.Execution;

/**
 * Campaign throughput, FAST against the naive loop on the same cores: for each network, weight
 * faults over all bits, over the MSB, and activation faults over all bits ({@link ModeComparison}),
 * then optionally {@code memory} FAST injections with the process RSS sampled
 * ({@link MemoryProfile}). Every op runs on one torch thread; FAST gets one lane per core and the
 * naive loop one campaign per core ({@link EqualCoreNaive}). Writes
 * {@code examples/target/seunit/throughput-benchmark.json}.
 *
 * <pre>mvn -B -q -pl examples -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *     -Dmdep.includeScope=test
 * java -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
 *     -cp examples/target/test-classes:examples/target/classes:$(cat examples/target/cp.txt) \
 *     dev.seunit.examples.perf.CampaignThroughputBenchmark [naive fast memory [network...]]
 *     (defaults 400 4000 0 unet; memory 0 skips it, fast 0 runs only the memory part; networks: unet,
 *     and onnx-resnet18 and onnx-unet, imported from the framework's ONNX zoo: run from the repository root)</pre>
 */
public final class CampaignThroughputBenchmark {

    private CampaignThroughputBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int naiveCount = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int fastCount = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        int memoryCount = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        List<String> networks = args.length > 3 ? List.of(args).subList(3, args.length) : List.of("unet");
        int cores = Runtime.getRuntime().availableProcessors();
        Engine.getInstance().setRandomSeed(42);
        JsonObject json = new JsonObject();
        json.addProperty("date", Instant.now().toString());
        json.addProperty("cpu", Cpu.model());
        json.addProperty("cores", cores);
        json.addProperty("torchThreads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        json.addProperty("command", "CampaignThroughputBenchmark " + String.join(" ", args));
        json.addProperty("loadAverageAtStart", Cpu.loadAverage());
        JsonArray campaigns = new JsonArray();
        JsonArray memory = new JsonArray();
        for (String name : networks) {
            BenchNetwork network = BenchNetwork.named(name);
            System.out.printf(Locale.ROOT, "%n### %s: %s%n", network.name(), network.description());
            try (BenchNetwork.Copy fast = network.open(); EqualCoreNaive naive = new EqualCoreNaive(network, cores)) {
                ModeComparison modes = new ModeComparison(network, fast.golden(), naive);
                // the first campaign of every mode on this golden run: FAST finds most checkpoints here
                long search = 0;
                for (Execution mode : Execution.values()) {
                    CampaignResult r = modes.plan(ModeComparison.KINDS.get(0), 100, 1, mode).apply(fast.golden()).run();
                    search += r.engineStatistics().time(Phase.CHECKPOINT_SEARCH).toMillis();
                }
                System.out.printf(Locale.ROOT, "checkpoint search in the first campaigns: %d ms (once per golden run)%n",
                        search);
                json.addProperty(network.name() + "CheckpointSearchFirstMillis", search);
                if (fastCount > 0) {
                    for (ModeComparison.Kind kind : ModeComparison.KINDS) {
                        campaigns.add(modes.compare(kind, naiveCount, fastCount));
                    }
                }
                if (memoryCount > 0) {
                    memory.add(MemoryProfile.run(network, fast.golden(), memoryCount));
                }
            }
        }
        json.add("campaigns", campaigns);
        json.add("memory", memory);
        json.addProperty("loadAverageAtEnd", Cpu.loadAverage());
        Path out = targetDirectory().resolve("seunit").resolve("throughput-benchmark.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, new GsonBuilder().setPrettyPrinting().create().toJson(json), StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
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
