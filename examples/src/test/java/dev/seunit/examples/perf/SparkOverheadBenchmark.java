package dev.seunit.examples.perf;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.FastOptions;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.campaign.Task;
import dev.seunit.campaign.spark.SparkCampaignRunner;
import dev.seunit.examples.hsi.HsiScenes;
import dev.seunit.examples.hsi.UNetModels;
import dev.seunit.fault.BitSelection;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.ModelSource;
import dev.seunit.testing.LocalSparkCluster;
import dev.seunit.transform.ActivationKind;

/**
 * The trained ReLU U-Net's all-bits weight campaign (FAST, 4 held-out scenes) in one JVM with two
 * lanes and on a Spark standalone cluster on this machine (a master and two workers of one core,
 * so two executors of one lane each: the same cores), after a warm-up on each side (JIT, model
 * loading, FAST's checkpoint search). Prints both rates and what Spark adds per task:
 * {@code (wall time x task slots - executor run time of all tasks) / tasks}, the slot time
 * a task costs beyond running its scenarios (scheduling, shipping the task and its records,
 * the driver's assembly, and slots idle at the end of the job). Every Spark run must give the
 * one-JVM records.
 *
 * <pre>mvn -B -q -pl examples -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *     -Dmdep.includeScope=test
 * java $SPARK_JAVA_OPTIONS -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
 *     -cp examples/target/test-classes:examples/target/classes:$(cat examples/target/cp.txt) \
 *     dev.seunit.examples.perf.SparkOverheadBenchmark [injections [scenarios per task ...]]
 *     (defaults 20000 2500 500; $SPARK_JAVA_OPTIONS: the build's spark.java.options)</pre>
 */
public final class SparkOverheadBenchmark {

    private static final long SEED = 2024;

    private SparkOverheadBenchmark() {
    }

    /** The model factory executors call (named by class). */
    public static Block trainedUNet(NDManager manager) {
        return UNetModels.trained(manager, ActivationKind.RELU);
    }

    private static Campaign campaign(GoldenRun golden, int count, long seed, int lanes) {
        return Campaign.builder(golden).name("unet all bits").bits(BitSelection.ALL).task(Task.segmentation())
                .criticalShare(0.01).budget(Budget.count(count)).seed(seed).fastOptions(FastOptions.defaults()
                        .withLanes(lanes)).progress(ProgressListener.NONE).build();
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int[] taskSizes = args.length > 1 ? java.util.Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt)
                .toArray() : new int[] {2500, 500};
        ModelSource source = ModelSource.factory(SparkOverheadBenchmark.class, "trainedUNet");
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                InjectableModel model = source.load(manager)) {
            HsiScenes.Scenes scenes = HsiScenes.heldOut(manager, 4);
            try (GoldenRun golden = GoldenRun.of(model, new NDList(scenes.inputs()), scenes.labels())) {
                campaign(golden, count / 4, SEED + 1, 2).run(); // warm-up
                CampaignResult oneJvm = campaign(golden, count, SEED, 2).run();
                System.out.printf(Locale.ROOT, "one JVM, 2 FAST lanes: %d injections in %.1f s, %.0f inj/s%n",
                        oneJvm.injections(), oneJvm.elapsedNanos() / 1e9, oneJvm.injectionsPerSecond());
                try (LocalSparkCluster cluster = LocalSparkCluster.start(Paths.get("target", "spark-benchmark"), 2, 1)) {
                    JavaSparkContext spark = cluster.connect("SparkOverheadBenchmark");
                    try {
                        Tasks tasks = new Tasks();
                        spark.sc().addSparkListener(tasks);
                        SparkCampaignRunner runner = SparkCampaignRunner.on(spark).progress(ProgressListener.NONE);
                        long warm = System.nanoTime();
                        runner.scenariosPerTask(count / 8).run(campaign(golden, count / 4, SEED + 1, 2), source);
                        System.out.printf(Locale.ROOT, "cluster warm-up (executors load the U-Net, golden run, "
                                + "checkpoints): %.1f s%n", (System.nanoTime() - warm) / 1e9);
                        for (int size : taskSizes) {
                            measure(spark, runner.scenariosPerTask(size), tasks, campaign(golden, count, SEED, 2), source,
                                    oneJvm, size);
                        }
                    } finally {
                        spark.stop();
                    }
                }
            }
        }
    }

    private static void measure(JavaSparkContext spark, SparkCampaignRunner runner, Tasks tasks, Campaign campaign,
            ModelSource source, CampaignResult oneJvm, int size) throws InterruptedException {
        spark.parallelize(List.of(1), 1).count(); // earlier events delivered
        Thread.sleep(500);
        tasks.reset();
        CampaignResult onCluster = runner.run(campaign, source);
        spark.parallelize(List.of(1), 1).count();
        Thread.sleep(500);
        for (int i = 0; i < oneJvm.injections(); i++) {
            if (!onCluster.records().get(i).sameResultAs(oneJvm.records().get(i))) {
                throw new AssertionError("record " + i + " differs: " + onCluster.records().get(i) + " vs "
                        + oneJvm.records().get(i));
            }
        }
        int n = tasks.count.get() - 1; // less the flushing job's task
        double wall = onCluster.elapsedNanos() / 1e9;
        double run = (tasks.runMillis.get() - tasks.lastRunMillis.get()) / 1e3;
        System.out.printf(Locale.ROOT, "standalone, 2 workers x 1 core, %d scenarios per task: %d tasks, %.1f s, "
                + "%.0f inj/s (%.2fx one JVM); executors ran scenarios %.1f of %.1f slot-seconds; Spark's cost "
                + "%.0f ms per task; records identical to one JVM: %d/%d%n", size, n, wall,
                onCluster.injectionsPerSecond(), onCluster.injectionsPerSecond() / oneJvm.injectionsPerSecond(), run,
                2 * wall, (2 * wall - run) / n * 1e3, oneJvm.injections(), oneJvm.injections());
    }

    /** Tasks ended and their executor run time (Spark's own measure of the time a task ran on its executor). */
    static final class Tasks extends SparkListener {
        final AtomicInteger count = new AtomicInteger();
        final AtomicLong runMillis = new AtomicLong();
        final AtomicLong lastRunMillis = new AtomicLong();

        void reset() {
            count.set(0);
            runMillis.set(0);
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            count.incrementAndGet();
            long ms = end.taskMetrics() == null ? 0 : end.taskMetrics().executorRunTime();
            runMillis.addAndGet(ms);
            lastRunMillis.set(ms);
        }
    }
}
