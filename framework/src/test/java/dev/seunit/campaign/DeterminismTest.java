package dev.seunit.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.seunit.fault.BitSelection;
import dev.seunit.model.InjectableModel;
import dev.seunit.testing.TinyNets;

/** Same seed, model and inputs give the same records whatever the thread count or sharding. */
class DeterminismTest {

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

    private static Campaign campaign() {
        return Campaign.builder(golden).bits(BitSelection.EXPONENT).budget(Budget.count(300)).seed(21)
                .progress(ProgressListener.NONE).build();
    }

    private static void assertSame(List<InjectionRecord> actual, List<InjectionRecord> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).sameResultAs(expected.get(i))).as("record %d", i).isTrue();
        }
    }

    @Test
    void shardsMergedInPlanOrderEqualTheUnshardedRun() {
        Campaign campaign = campaign();
        CampaignResult whole = campaign.run();
        List<CampaignResult> shards = IntStream.range(0, 3)
                .mapToObj(s -> campaign.run(IntStream.range(0, 300).filter(i -> i % 3 == s).toArray())).toList();

        assertSame(CampaignResult.ofShards(shards).records(), whole.records());
        assertThatThrownBy(() -> CampaignResult.ofShards(List.of(shards.get(0), shards.get(0))))
                .hasMessageContaining("is in two shards");
    }

    @Test
    void theNumberOfTorchThreadsDoesNotChangeTheRecords() {
        int threads = JniUtils.getNumThreads();
        try {
            JniUtils.setNumThreads(1);
            CampaignResult one = campaign().run();
            JniUtils.setNumThreads(2);
            CampaignResult two = campaign().run();
            assertSame(two.records(), one.records());
        } finally {
            JniUtils.setNumThreads(threads);
        }
    }

    @Test
    void campaignsOnTwoJavaThreadsGiveTheSameRecordsAsOne() throws Exception {
        CampaignResult sequential = campaign().run();
        // two models, so the threads never share one being mutated
        try (InjectableModel other = InjectableModel.of("tiny-conv", TinyNets.convNet(manager));
                GoldenRun otherGolden = GoldenRun.of(other, TinyNets.inputs(manager))) {
            CampaignResult[] results = new CampaignResult[2];
            Thread a = new Thread(() -> results[0] = campaign().run());
            Thread b = new Thread(() -> results[1] = Campaign.builder(otherGolden).bits(BitSelection.EXPONENT)
                    .budget(Budget.count(300)).seed(21).progress(ProgressListener.NONE).build().run());
            a.start();
            b.start();
            a.join();
            b.join();
            assertSame(results[0].records(), sequential.records());
            assertSame(results[1].records(), sequential.records());
        }
    }
}
