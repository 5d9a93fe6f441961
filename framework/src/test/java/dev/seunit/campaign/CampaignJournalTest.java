package dev.seunit.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.seunit.model.InjectableModel;
import dev.seunit.testing.TinyNets;

class CampaignJournalTest {

    private static NDManager manager;
    private static InjectableModel model;
    private static GoldenRun golden;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager("PyTorch");
        model = InjectableModel.of("tiny-conv", TinyNets.convNet(manager));
        golden = GoldenRun.of(model, TinyNets.inputs(manager));
    }

    @AfterAll
    static void tearDown() {
        golden.close();
        model.close();
        manager.close();
    }

    private static Campaign.Builder campaign() {
        return Campaign.builder(golden).name("journaled").budget(Budget.count(600)).seed(5)
                .progress(ProgressListener.NONE);
    }

    private static Path journalFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
    }

    private static List<Integer> journaledIndices(Path file) throws IOException {
        return Files.readAllLines(file).stream().skip(1)
                .map(l -> com.google.gson.JsonParser.parseString(l).getAsJsonObject().get("i").getAsInt())
                .collect(Collectors.toList());
    }

    private static void assertSameResults(CampaignResult actual, CampaignResult expected) {
        assertThat(actual.injections()).isEqualTo(expected.injections());
        for (int i = 0; i < expected.injections(); i++) {
            assertThat(actual.records().get(i).sameResultAs(expected.records().get(i)))
                    .as("record %d: %s vs %s", i, actual.records().get(i), expected.records().get(i)).isTrue();
        }
    }

    @Test
    void anInterruptedCampaignResumesWithoutLosingOrRepeatingInjections(@TempDir Path dir) throws IOException {
        CampaignResult uninterrupted = campaign().build().run();
        // the first run stops after a third of the plan
        campaign().journal(dir, false).build().run(IntStream.range(0, 200).toArray());
        assertThat(journaledIndices(journalFile(dir))).hasSize(200);

        CampaignResult resumed = campaign().journal(dir, false).build().run();

        assertSameResults(resumed, uninterrupted);
        List<Integer> journaled = journaledIndices(journalFile(dir));
        assertThat(journaled).hasSize(600).doesNotHaveDuplicates();
    }

    @Test
    void aFinishedCampaignIsReusedUnlessAFreshRunIsAsked(@TempDir Path dir) throws IOException {
        CampaignResult first = campaign().journal(dir, false).build().run();
        Path file = journalFile(dir);
        long size = Files.size(file);

        CampaignResult again = campaign().journal(dir, false).build().run();
        assertSameResults(again, first);
        assertThat(again.records()).extracting(InjectionRecord::nanos)
                .containsExactlyElementsOf(first.records().stream().map(InjectionRecord::nanos).toList());
        assertThat(Files.size(file)).isEqualTo(size);

        CampaignResult fresh = campaign().journal(dir, true).build().run();
        assertSameResults(fresh, first);
        assertThat(fresh.records().get(0).nanos()).isNotEqualTo(first.records().get(0).nanos());
        assertThat(journaledIndices(file)).hasSize(600);
    }

    @Test
    void aLineCutShortByAKillIsDroppedAndRunAgain(@TempDir Path dir) throws IOException {
        CampaignResult uninterrupted = campaign().build().run();
        campaign().journal(dir, false).build().run(IntStream.range(0, 100).toArray());
        Path file = journalFile(dir);
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.length() - 25), StandardCharsets.UTF_8);

        CampaignResult resumed = campaign().journal(dir, false).build().run();

        assertSameResults(resumed, uninterrupted);
        assertThat(journaledIndices(file)).hasSize(600).doesNotHaveDuplicates();
    }

    @Test
    void anotherCampaignGetsAnotherJournal(@TempDir Path dir) throws IOException {
        campaign().journal(dir, false).build().run();
        campaign().seed(6).journal(dir, false).build().run();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(2);
        }
    }

    @Test
    void anUnwritableJournalDirectoryIsAClearErrorAndHarmsNothing(@TempDir Path dir) throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
        String checksum = model.checksum();
        assertThatThrownBy(() -> campaign().journal(notADirectory, false).build().run())
                .hasMessageContaining("cannot use the journal directory").hasMessageContaining("a-file")
                .hasMessageContaining("seunit.journal.dir");
        assertThat(model.checksum()).isEqualTo(checksum);
    }

    @Test
    void aCampaignKilledWithSigkillResumesToTheUninterruptedResult(@TempDir Path dir) throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process victim = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                JournalVictim.class.getName(), dir.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("victim.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int seen = 0;
        while (System.nanoTime() < deadline && victim.isAlive() && seen < 300) {
            Thread.sleep(50);
            try (Stream<Path> files = Files.list(dir)) {
                Path file = files.filter(f -> f.toString().endsWith(".jsonl")).findFirst().orElse(null);
                seen = file == null ? 0 : (int) Files.lines(file).count() - 1;
            }
        }
        assertThat(victim.isAlive()).as("the victim is still running after %d records", seen).isTrue();
        victim.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flush
        victim.waitFor(30, TimeUnit.SECONDS);
        int survived = journaledIndices(journalFile(dir)).size();
        assertThat(survived).isBetween(300, JournalVictim.INJECTIONS - 1);

        CampaignResult resumed = JournalVictim.campaign(golden).journal(dir, false).build().run();
        CampaignResult uninterrupted = JournalVictim.campaign(golden).build().run();

        assertSameResults(resumed, uninterrupted);
        assertThat(journaledIndices(journalFile(dir))).hasSize(JournalVictim.INJECTIONS).doesNotHaveDuplicates();
        System.out.printf("SIGKILL after %d journaled injections; resumed the other %d%n", survived,
                JournalVictim.INJECTIONS - survived);
    }
}
