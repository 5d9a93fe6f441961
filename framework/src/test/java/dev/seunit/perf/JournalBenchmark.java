package dev.seunit.perf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

import ai.djl.ndarray.NDManager;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.fault.FaultModel;
import dev.seunit.model.InjectableModel;
import dev.seunit.testing.TinyNets;

/**
 * Cost of journaling: a 10,000-injection campaign without and with a journal, the journal's
 * size, and the time to resume a finished campaign from it. Run with:
 *
 * <pre>mvn -B -q -pl framework test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.seunit.perf.JournalBenchmark</pre>
 */
public final class JournalBenchmark {

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("seunit-journal");
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                InjectableModel model = InjectableModel.of("tiny-conv", TinyNets.convNet(manager));
                GoldenRun golden = GoldenRun.of(model, TinyNets.inputs(manager))) {
            Campaign.Builder campaign = Campaign.builder(golden).faultModel(FaultModel.randomBits(2))
                    .budget(Budget.count(10_000)).seed(1).progress(ProgressListener.NONE);
            campaign.budget(Budget.count(1000)).build().run(); // warm-up
            campaign.budget(Budget.count(10_000));
            CampaignResult plain = campaign.build().run();
            CampaignResult journaled = campaign.journal(dir, true).build().run();
            long start = System.nanoTime();
            CampaignResult resumed = campaign.journal(dir, false).build().run();
            double resumeSeconds = (System.nanoTime() - start) / 1e9;
            long bytes;
            try (Stream<Path> files = Files.list(dir)) {
                bytes = files.mapToLong(f -> f.toFile().length()).sum();
            }
            System.out.printf(Locale.ROOT, "without journal: %.1f inj/s%n", plain.injectionsPerSecond());
            System.out.printf(Locale.ROOT, "with journal:    %.1f inj/s (overhead %.1f%%)%n",
                    journaled.injectionsPerSecond(),
                    100 * (plain.injectionsPerSecond() / journaled.injectionsPerSecond() - 1));
            System.out.printf(Locale.ROOT, "journal size:    %.0f KiB per 10,000 injections%n", bytes / 1024.0);
            System.out.printf(Locale.ROOT, "resume of a finished campaign (10,000 records, planning included): %.2f s%n",
                    resumeSeconds);
            System.out.println("resumed records: " + resumed.injections());
        }
    }
}
