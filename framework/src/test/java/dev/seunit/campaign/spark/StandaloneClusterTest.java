package dev.seunit.campaign.spark;

import static dev.seunit.campaign.spark.SparkCampaignRunnerTest.assertSameRecords;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicInteger;

import ai.djl.ndarray.NDManager;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.fault.BitSelection;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.ModelSource;
import dev.seunit.testing.LocalSparkCluster;
import dev.seunit.testing.SparkNets;
import dev.seunit.testing.TinyNets;

/**
 * One campaign on a Spark standalone cluster this test starts on the loopback address (a master
 * and two workers of one core, each a JVM of its own; the workers start one executor JVM each):
 * the records are those of one JVM, also when a task fails on its first attempt.
 */
class StandaloneClusterTest {

    @Test
    void aCampaignOnAMasterAndTwoWorkersGivesTheRecordsOfOneJvmAlsoWhenATaskFails() throws Exception {
        Path logs = Paths.get("target", "spark-standalone");
        ModelSource source = ModelSource.factory(SparkNets.class, "convNetFailingOnce");
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                InjectableModel model = source.load(manager);
                GoldenRun golden = GoldenRun.of(model, TinyNets.inputs(manager));
                LocalSparkCluster cluster = LocalSparkCluster.start(logs, 2, 1)) {
            Campaign campaign = Campaign.builder(golden).name("standalone").bits(BitSelection.EXPONENT)
                    .budget(Budget.count(240)).seed(17).progress(ProgressListener.NONE).build();
            CampaignResult oneJvm = campaign.run();
            JavaSparkContext spark = cluster.connect("StandaloneClusterTest");
            try {
                Tasks tasks = new Tasks();
                spark.sc().addSparkListener(tasks);

                CampaignResult onCluster = SparkCampaignRunner.on(spark).scenariosPerTask(60)
                        .progress(ProgressListener.NONE).run(campaign, source);

                assertSameRecords(onCluster, oneJvm);
                awaitListenerBus(spark);
                assertThat(tasks.failed.get()).as("first attempts that failed (partition %d)",
                        SparkNets.FAILING_PARTITION).isEqualTo(1);
                assertThat(tasks.executors).as("executors that ran tasks").hasSize(2);
            } finally {
                spark.stop();
            }
        }
    }

    private static void awaitListenerBus(JavaSparkContext spark) throws InterruptedException {
        // listener events are delivered asynchronously: a last job flushes those before it
        spark.parallelize(java.util.List.of(1), 1).count();
        Thread.sleep(500);
    }

    /** Counts failed tasks and the executors that ran tasks. */
    static final class Tasks extends SparkListener {
        final AtomicInteger failed = new AtomicInteger();
        final java.util.Set<String> executors = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.stageId() == 0) {
                executors.add(end.taskInfo().executorId());
                if (!end.taskInfo().successful()) {
                    failed.incrementAndGet();
                }
            }
        }
    }
}
