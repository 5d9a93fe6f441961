package dev.seunit.campaign.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import ai.djl.ndarray.NDManager;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.Execution;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.campaign.spark.internal.ExecutorModels;
import dev.seunit.fault.BitSelection;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.ModelSource;
import dev.seunit.testing.SparkNets;
import dev.seunit.testing.TinyNets;

/**
 * Campaigns on Spark in local mode ({@code local[2,2]}: two executor threads in this JVM, a failed
 * task tried twice) give the records of one JVM, whatever fails on the way.
 */
class SparkCampaignRunnerTest {

    private static JavaSparkContext spark;
    private static final TaskEnds TASKS = new TaskEnds();

    @BeforeAll
    static void startSpark() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("SparkCampaignRunnerTest")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
        spark.sc().addSparkListener(TASKS);
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
        ExecutorModels.closeIdle();
    }

    /** One JVM's golden run of a factory's net, and a campaign on it. */
    private record Local(NDManager manager, InjectableModel model, GoldenRun golden) implements AutoCloseable {
        static Local of(ModelSource source) {
            NDManager manager = NDManager.newBaseManager("PyTorch");
            InjectableModel model = source.load(manager);
            return new Local(manager, model, GoldenRun.of(model, TinyNets.inputs(manager)));
        }

        Campaign campaign(Execution execution) {
            return Campaign.builder(golden).name("spark-" + execution).bits(BitSelection.EXPONENT)
                    .budget(Budget.count(240)).seed(17).execution(execution).progress(ProgressListener.NONE).build();
        }

        @Override
        public void close() {
            golden.close();
            model.close();
            manager.close();
        }
    }

    static void assertSameRecords(CampaignResult actual, CampaignResult expected) {
        List<InjectionRecord> a = actual.records();
        List<InjectionRecord> e = expected.records();
        assertThat(a).hasSize(e.size());
        for (int i = 0; i < e.size(); i++) {
            assertThat(a.get(i).sameResultAs(e.get(i))).as("record %d: %s vs %s", i, a.get(i), e.get(i)).isTrue();
        }
        for (dev.seunit.campaign.Outcome o : dev.seunit.campaign.Outcome.values()) {
            assertThat(actual.count(o)).as("%s", o).isEqualTo(expected.count(o));
        }
        assertThat(actual.info()).isEqualTo(expected.info());
    }

    @Test
    void fastAndExactCampaignsOnTwoExecutorThreadsGiveTheRecordsOfOneJvm() {
        // tag::source[]
        ModelSource source = ModelSource.factory(SparkNets.class, "convNet"); // static Block convNet(NDManager)
        // end::source[]
        try (Local local = Local.of(source)) {
            for (Execution execution : List.of(Execution.FAST, Execution.EXACT)) {
                Campaign campaign = local.campaign(execution);
                CampaignResult oneJvm = campaign.run();
                int before = TASKS.succeeded.get();

                // tag::runner[]
                CampaignResult onSpark = SparkCampaignRunner.on(spark).scenariosPerTask(50)
                        .progress(ProgressListener.NONE).run(campaign, source);
                // end::runner[]

                assertSameRecords(onSpark, oneJvm);
                assertThat(TASKS.succeeded.get() - before).as("tasks of 50 scenarios").isEqualTo(5);
                assertThat(onSpark.count(dev.seunit.campaign.Outcome.DUE)).as("the campaign finds DUEs").isPositive();
            }
        }
    }

    @Test
    void aTorchScriptFileIsShippedWithTheJobAndLoadedFromTheExecutorsCopy() throws Exception {
        Path file = Path.of(SparkCampaignRunnerTest.class.getResource("/torchscript/tiny_cnn.pt").toURI());
        ModelSource source = ModelSource.torchScript(file);
        float[] x = new float[4 * 8 * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = ((i * 37) % 101) / 101f;
        }
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                InjectableModel model = source.load(manager);
                GoldenRun golden = GoldenRun.of(model, manager.create(x, new ai.djl.ndarray.types.Shape(4, 1, 8, 8)))) {
            Campaign campaign = Campaign.builder(golden).name("torchscript").bits(BitSelection.EXPONENT)
                    .budget(Budget.count(120)).seed(5).progress(ProgressListener.NONE).build();

            CampaignResult onSpark = SparkCampaignRunner.on(spark).scenariosPerTask(40)
                    .progress(ProgressListener.NONE).run(campaign, source);

            assertSameRecords(onSpark, campaign.run());
            assertThat(Path.of(org.apache.spark.SparkFiles.get("tiny_cnn.pt"))).as("the executors' copy").exists();
        }
    }

    @Test
    void aSliceOfThePlanRunsOnlyItsScenarios() {
        ModelSource source = ModelSource.factory(SparkNets.class, "convNet");
        try (Local local = Local.of(source)) {
            Campaign campaign = local.campaign(Execution.FAST);
            int[] odd = java.util.stream.IntStream.range(0, 240).filter(i -> i % 2 == 1).toArray();
            CampaignResult onSpark = SparkCampaignRunner.on(spark).progress(ProgressListener.NONE)
                    .run(campaign, source, odd);
            assertSameRecords(onSpark, campaign.run(odd));
        }
    }

    @Test
    void aTaskThatFailsOnItsFirstAttemptIsRetriedToTheSameRecords() {
        ModelSource source = ModelSource.factory(SparkNets.class, "convNetFailingOnce");
        try (Local local = Local.of(source)) {
            Campaign campaign = local.campaign(Execution.FAST);
            CampaignResult oneJvm = campaign.run();
            int failedBefore = TASKS.failed.get();

            CampaignResult onSpark = SparkCampaignRunner.on(spark).scenariosPerTask(60)
                    .progress(ProgressListener.NONE).run(campaign, source);

            assertThat(TASKS.failed.get() - failedBefore).as("failed first attempts").isEqualTo(1);
            assertSameRecords(onSpark, oneJvm);
        }
    }

    @Test
    void aDriverRestartedWithTheSameJournalRunsOnlyWhatIsMissing(@TempDir Path journal) {
        ModelSource source = ModelSource.factory(SparkNets.class, "convNet");
        try (Local local = Local.of(source)) {
            Campaign campaign = local.campaign(Execution.FAST);
            CampaignResult oneJvm = campaign.run();
            // the driver dies once two partitions have finished (their records reached the journal)
            ProgressListener dies = new ProgressListener() {
                private int calls;

                @Override
                public void progress(String name, int done, int total, long elapsedNanos) {
                    if (++calls == 2) {
                        throw new IllegalStateException("driver killed");
                    }
                }
            };
            assertThatThrownBy(() -> SparkCampaignRunner.on(spark).scenariosPerTask(40).journal(journal, true)
                    .progress(dies).run(campaign, source))
                    .hasMessageContaining("driver killed").hasMessageContaining(journal.toString());

            AtomicInteger resumedAt = new AtomicInteger(-1);
            AtomicInteger partitionsRun = new AtomicInteger();
            CampaignResult resumed = SparkCampaignRunner.on(spark).scenariosPerTask(40).journal(journal, false)
                    .progress((name, done, total, nanos) -> {
                        resumedAt.compareAndSet(-1, done - 40);
                        partitionsRun.incrementAndGet();
                    })
                    .run(campaign, source);

            assertSameRecords(resumed, oneJvm);
            assertThat(resumedAt.get()).as("records read back from the journal").isGreaterThanOrEqualTo(80);
            assertThat(partitionsRun.get()).as("partitions the restarted driver ran")
                    .isEqualTo((240 - resumedAt.get()) / 40);
            // and one JVM resumes the same journal with nothing left to run
            Campaign again = Campaign.builder(local.golden).name(campaign.info().name()).bits(BitSelection.EXPONENT)
                    .budget(Budget.count(240)).seed(17).progress(ProgressListener.NONE).journal(journal, false).build();
            assertSameRecords(again.run(), oneJvm);
        }
    }

    @Test
    void executorsThatLoadOtherParametersAreAClearErrorNamingTheHost() {
        ModelSource source = ModelSource.factory(SparkNets.class, "convNetOtherOnExecutors");
        try (Local local = Local.of(source)) {
            assertThatThrownBy(() -> SparkCampaignRunner.on(spark).progress(ProgressListener.NONE)
                    .run(local.campaign(Execution.FAST), source))
                    .hasMessageContaining("has other parameters than the driver's")
                    .hasMessageContaining("on host " + dev.seunit.model.internal.HostName.get());
        }
    }

    @Test
    void executorsThatComputeAnotherGoldenOutputAreAClearErrorNamingTheHost() {
        ModelSource source = ModelSource.factory(SparkNets.class, "convNetComputingOtherwiseOnExecutors");
        try (Local local = Local.of(source)) {
            assertThatThrownBy(() -> SparkCampaignRunner.on(spark).progress(ProgressListener.NONE)
                    .run(local.campaign(Execution.FAST), source))
                    .hasMessageContaining("differs from the driver's")
                    .hasMessageContaining("is not one campaign")
                    .hasMessageContaining("on host " + dev.seunit.model.internal.HostName.get());
        }
    }

    @Test
    void aFactoryThatDoesNotExistIsRefusedOnTheDriver() {
        assertThatThrownBy(() -> ModelSource.factory(SparkNets.class, "noSuchNet"))
                .hasMessageContaining("has no method 'noSuchNet'");
    }

    /** Counts tasks that ended, by whether they succeeded. */
    static final class TaskEnds extends SparkListener {
        final AtomicInteger succeeded = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            (end.taskInfo().successful() ? succeeded : failed).incrementAndGet();
        }
    }
}
