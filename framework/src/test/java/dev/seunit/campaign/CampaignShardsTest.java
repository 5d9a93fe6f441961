package dev.seunit.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.seunit.testing.TinyGolden;

/** The journals of a campaign's shards, gathered: the unsharded records, or an error that names the fix. */
class CampaignShardsTest {

    private static TinyGolden tiny;
    private static GoldenRun golden;

    @BeforeAll
    static void setUp() {
        tiny = new TinyGolden();
        golden = tiny.golden();
    }

    @AfterAll
    static void tearDown() {
        tiny.close();
    }

    private static Campaign.Builder campaign(long seed) {
        return Campaign.builder(golden).name("sharded").budget(Budget.count(200)).seed(seed)
                .progress(ProgressListener.NONE);
    }

    /** Runs each shard into a folder of its own under {@code root}, as CI jobs whose artifacts are gathered. */
    private static List<Path> runShards(Path root, long seed, int... shards) {
        List<Path> dirs = new ArrayList<>();
        for (int i : shards) {
            Path dir = root.resolve("job-" + i + "-seed-" + seed);
            campaign(seed).journal(dir, false).shard(new Shard(i, 3)).build().run();
            dirs.add(dir);
        }
        return dirs;
    }

    @Test
    void threeShardsGiveTheUnshardedRecordsInPlanOrder(@TempDir Path root) {
        CampaignResult whole = campaign(1).build().run();
        Campaign merging = campaign(1).build();
        CampaignResult union = CampaignShards.union(merging, runShards(root, 1, 0, 1, 2));
        assertThat(union.injections()).isEqualTo(200);
        for (int i = 0; i < 200; i++) {
            assertThat(union.records().get(i).sameResultAs(whole.records().get(i))).as("record %d", i).isTrue();
        }
        assertThat(union.rate(Outcome.CRITICAL, Outcome.DUE)).isEqualTo(whole.rate(Outcome.CRITICAL, Outcome.DUE));
    }

    @Test
    void aShardDecidesItsGatesOnItsOwnShareOfEachLookProvisionally(@TempDir Path root) {
        Campaign campaign = campaign(1).journal(root, false).shard(new Shard(1, 3)).build();
        CampaignResult share = campaign.run();
        int[] looks = dev.seunit.stats.GroupSequentialTest.looks(40, 200);
        RateGate gate = new RateGate(java.util.EnumSet.of(Outcome.DUE), 0.5, 0.95);
        GateVerdict verdict = GateVerdicts.decide(List.of(gate), campaign.info(), looks, campaign.shard(),
                share::planPrefix).verdicts().get(0);
        assertThat(verdict.provisional()).isTrue();
        assertThat(verdict.label()).startsWith("PROVISIONAL_");
        // its looks are its share of the plan's: 13 of the first 40, ..., 66 of all 200
        assertThat(verdict.injections()).isEqualTo(share.planPrefix(looks[verdict.looksTaken() - 1]).injections());
        assertThat(share.planPrefix(40).injections()).isEqualTo(13);
    }

    @Test
    void aMissingShardIsNamed(@TempDir Path root) {
        List<Path> dirs = runShards(root, 1, 0, 2);
        assertThatIllegalStateException().isThrownBy(() -> CampaignShards.union(campaign(1).build(), dirs))
                .withMessageContaining("shard 1/3 of campaign 'sharded' is missing")
                .withMessageContaining("found 0/3, 2/3");
    }

    @Test
    void aShardOfAnotherCampaignIsForeign(@TempDir Path root) {
        List<Path> dirs = runShards(root, 1, 0, 1);
        dirs.addAll(runShards(root, 2, 2)); // seed 2: another plan
        assertThatIllegalStateException().isThrownBy(() -> CampaignShards.union(campaign(1).build(), dirs))
                .withMessageContaining("belongs to another campaign named 'sharded'")
                .withMessageContaining("its seed 2 against 1");
    }

    @Test
    void aShardTwiceIsNamed(@TempDir Path root) throws IOException {
        List<Path> dirs = runShards(root, 1, 0, 1, 2);
        Path copy = Files.createDirectories(root.resolve("again"));
        Path file = journal(dirs.get(1));
        Files.copy(file, copy.resolve(file.getFileName()));
        dirs.add(copy);
        assertThatIllegalStateException().isThrownBy(() -> CampaignShards.union(campaign(1).build(), dirs))
                .withMessageContaining("shard 1/3 of 'sharded' is there twice");
    }

    @Test
    void anUnfinishedShardIsNamedWithHowToResumeIt(@TempDir Path root) throws IOException {
        List<Path> dirs = runShards(root, 1, 0, 1, 2);
        Path file = journal(dirs.get(2));
        List<String> lines = Files.readAllLines(file);
        Files.write(file, lines.subList(0, 20));
        assertThatIllegalStateException().isThrownBy(() -> CampaignShards.union(campaign(1).build(), dirs))
                .withMessageContaining("shard 2/3 of 'sharded' recorded 19 of its 66 planned injections")
                .withMessageContaining("resumes where it stopped");
        // and resuming it completes the union
        campaign(1).journal(dirs.get(2), false).shard(new Shard(2, 3)).build().run();
        assertThat(CampaignShards.union(campaign(1).build(), dirs).injections()).isEqualTo(200);
    }

    private static Path journal(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
    }
}
