package dev.seunit.campaign.spark;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apiguardian.api.API;
import scala.Function2;
import scala.runtime.BoxedUnit;

import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignInfo;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.campaign.internal.CampaignJournal;
import dev.seunit.campaign.spark.internal.CampaignTask;
import dev.seunit.campaign.spark.internal.GoldenInputs;
import dev.seunit.campaign.spark.internal.PartitionRecords;
import dev.seunit.model.ModelSource;

/**
 * Runs a {@link Campaign}'s plan as a Spark job: the driver (this JVM) has planned the scenarios;
 * their plan indices are cut into partitions of consecutive indices; each executor loads the
 * model from a {@link ModelSource} once per JVM, checks that its parameters and golden run are
 * the driver's, plans the same campaign (the same fingerprint), runs its partitions with the
 * normal engine ({@link dev.seunit.campaign.Execution#FAST} included, one lane per task core) and
 * sends the records back. The result holds the same records, in plan order, as
 * {@link Campaign#run(int[])} in one JVM, so gates, assertions and reports work unchanged.
 *
 * <pre>{@code
 * try (JavaSparkContext spark = new JavaSparkContext(new SparkConf().setMaster("spark://host:7077"))) {
 *     CampaignResult result = SparkCampaignRunner.on(spark).run(campaign, ModelSource.torchScript(file));
 * }
 * }</pre>
 *
 * <p>A task that fails or is lost is retried by Spark and gives the same records. With a
 * {@link #journal journal}, the records of every finished partition are kept on the driver, and
 * a driver restarted with the same journal runs only what is missing. Progress (done, rate, ETA)
 * is reported on the driver as partitions finish. Not thread-safe; one job at a time.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class SparkCampaignRunner {

    /** Partitions per task slot of the cluster, when the size of a partition is not set. */
    static final int PARTITIONS_PER_SLOT = 4;

    private final JavaSparkContext spark;
    private int scenariosPerTask;
    private ProgressListener progress = ProgressListener.console();
    private Path journalDirectory;
    private boolean freshJournal;
    private final Set<String> journalsStartedFresh = new HashSet<>();

    private SparkCampaignRunner(JavaSparkContext spark) {
        this.spark = Objects.requireNonNull(spark, "spark");
    }

    /** A runner on the cluster of {@code spark}; the caller keeps ownership and stops it. */
    public static SparkCampaignRunner on(JavaSparkContext spark) {
        return new SparkCampaignRunner(spark);
    }

    /**
     * How many scenarios one task runs (0, the default: enough partitions for
     * {@value #PARTITIONS_PER_SLOT} per task slot). Larger tasks batch more faults and pay Spark's
     * per-task cost less often; smaller ones lose less to a failure and balance better.
     */
    public SparkCampaignRunner scenariosPerTask(int scenarios) {
        if (scenarios < 0) {
            throw new IllegalArgumentException("scenarios per task must be >= 0 (0: chosen from the cluster's size); got "
                    + scenarios);
        }
        this.scenariosPerTask = scenarios;
        return this;
    }

    /** Told on the driver as partitions finish; {@link ProgressListener#console()} by default. */
    public SparkCampaignRunner progress(ProgressListener progress) {
        this.progress = Objects.requireNonNull(progress);
        return this;
    }

    /**
     * Journals the records of every finished partition under {@code directory} on the driver, in
     * the file and format of {@link Campaign.Builder#journal} (named by the campaign's
     * {@link Campaign#shard()}, so that the shards of a CI matrix that each run on Spark can be
     * merged as any): a driver restarted with the same journal runs only the scenarios it lacks (and
     * a campaign run in one JVM resumes it too). {@code fresh} discards what an earlier run
     * recorded, once per campaign and runner.
     */
    public SparkCampaignRunner journal(Path directory, boolean fresh) {
        this.journalDirectory = Objects.requireNonNull(directory);
        this.freshJournal = fresh;
        return this;
    }

    /** Runs every planned scenario of {@code campaign}; executors load the model from {@code source}. */
    public CampaignResult run(Campaign campaign, ModelSource source) {
        return run(campaign, source, java.util.stream.IntStream.range(0, campaign.scenarios().size()).toArray());
    }

    /** Runs the planned scenarios at {@code planIndices}, as {@link Campaign#run(int[])} does in one JVM. */
    public CampaignResult run(Campaign campaign, ModelSource source, int[] planIndices) {
        CampaignInfo info = campaign.info();
        for (int index : planIndices) {
            if (index < 0 || index >= campaign.scenarios().size()) {
                throw new IndexOutOfBoundsException("plan index " + index + " outside the "
                        + campaign.scenarios().size() + " planned scenarios");
            }
        }
        long start = System.nanoTime();
        List<CampaignResult> shards = new ArrayList<>();
        try (CampaignJournal journal = journalDirectory == null ? null
                : CampaignJournal.open(journalDirectory, info, campaign.shard(), freshJournal
                        && journalsStartedFresh.add(info.fingerprint()))) {
            List<InjectionRecord> resumed = new ArrayList<>();
            List<Integer> toRun = new ArrayList<>();
            for (int index : planIndices) {
                InjectionRecord r = journal == null ? null : journal.recorded(index, campaign.scenarios().get(index));
                if (r != null) {
                    resumed.add(r);
                } else {
                    toRun.add(index);
                }
            }
            if (!resumed.isEmpty()) {
                shards.add(new CampaignResult(info, resumed, 0));
            }
            if (!toRun.isEmpty()) {
                shards.addAll(runOnCluster(campaign, source, toRun, journal, resumed.size(), planIndices.length, start));
            }
        }
        long elapsed = System.nanoTime() - start;
        progress.finished(info.name(), planIndices.length, elapsed);
        if (shards.isEmpty()) {
            return new CampaignResult(info, List.of(), elapsed);
        }
        CampaignResult all = union(shards);
        if (all.injections() != planIndices.length) {
            throw new IllegalStateException("the Spark job of " + info.name() + " returned " + all.injections()
                    + " records for " + planIndices.length + " scenarios; rerun with " + info.rerunHint());
        }
        return new CampaignResult(info, all.records(), elapsed, all.engineStatistics());
    }

    /**
     * The one place where the shards of a campaign become one result (the records in plan order,
     * each plan index once).
     */
    private static CampaignResult union(List<CampaignResult> shards) {
        return CampaignResult.ofShards(shards);
    }

    private List<CampaignResult> runOnCluster(Campaign campaign, ModelSource source, List<Integer> toRun,
            CampaignJournal journal, int alreadyDone, int total, long start) {
        CampaignInfo info = campaign.info();
        List<int[]> partitions = partitions(toRun);
        for (Path file : source.files()) {
            spark.addFile(file.toString());
        }
        Broadcast<GoldenInputs> inputs = spark.broadcast(GoldenInputs.of(campaign.goldenRun()));
        CampaignTask task = new CampaignTask(source, !source.files().isEmpty(), info,
                campaign.timeout().orElse(null), campaign.fastOptions().checkpoints(),
                campaign.goldenRun().fingerprint(), inputs);
        CampaignResult[] byPartition = new CampaignResult[partitions.size()];
        int[] done = {alreadyDone};
        boolean[] over = {false};
        // called on the driver as each task's result arrives, one at a time; after a failed job, tasks still
        // running may finish: their results are dropped, the journal is closed
        Function2<Object, PartitionRecords, BoxedUnit> finished = (partition, records) -> {
            synchronized (over) {
                if (!over[0]) {
                    collect(records.toResult(info, campaign.scenarios()), (Integer) partition, byPartition, journal,
                            done, total, start, info);
                }
            }
            return BoxedUnit.UNIT;
        };
        Function2<TaskContext, scala.collection.Iterator<int[]>, PartitionRecords> work = task;
        JavaRDD<int[]> rdd = spark.parallelize(partitions, partitions.size());
        spark.setJobDescription("SEUnit campaign " + info.name() + ": " + toRun.size() + " scenarios in "
                + partitions.size() + " tasks");
        try {
            spark.sc().runJob(rdd.rdd(), work, finished, scala.reflect.ClassTag$.MODULE$.apply(PartitionRecords.class));
        } catch (Exception e) { // a SparkException, which Scala throws undeclared, names the task's cause
            Throwable cause = e instanceof org.apache.spark.SparkDriverExecutionException && e.getCause() != null
                    ? e.getCause() : e; // thrown on the driver (journal, progress): its own message
            throw new IllegalStateException("the Spark job of campaign " + info.name() + " failed: " + cause.getMessage()
                    + (journal == null ? "" : " (the records of finished partitions are in " + journal.file() + ")"), e);
        } finally {
            synchronized (over) {
                over[0] = true;
            }
            inputs.destroy();
        }
        return java.util.Arrays.asList(byPartition);
    }

    /** One finished partition: journaled (and flushed) first, then counted as progress. */
    private void collect(CampaignResult shard, int partition, CampaignResult[] byPartition, CampaignJournal journal,
            int[] done, int total, long start, CampaignInfo info) {
        if (journal != null) {
            shard.records().forEach(journal::append);
            journal.flush();
        }
        byPartition[partition] = shard;
        done[0] += shard.injections();
        progress.progress(info.name(), done[0], total, System.nanoTime() - start);
    }

    /** Consecutive plan indices, so that faults of one layer share a task and FAST can batch them. */
    private List<int[]> partitions(List<Integer> indices) {
        int size = scenariosPerTask > 0 ? scenariosPerTask
                : Math.max(1, (int) Math.ceil(indices.size() / (double) (PARTITIONS_PER_SLOT * spark.defaultParallelism())));
        List<int[]> partitions = new ArrayList<>();
        for (int from = 0; from < indices.size(); from += size) {
            partitions.add(indices.subList(from, Math.min(indices.size(), from + size)).stream()
                    .mapToInt(Integer::intValue).toArray());
        }
        return partitions;
    }
}
