package dev.seunit.campaign.spark.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.Serializable;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDManager;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apiguardian.api.API;
import scala.Function2;
import scala.collection.Iterator;

import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignInfo;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.FastOptions;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.ModelSource;
import dev.seunit.model.internal.HostName;

/**
 * What an executor does with one partition of plan indices: borrow the model (loaded once per
 * JVM from the source), check that its parameters and golden run are the driver's, plan the same
 * campaign, run the partition's scenarios with the normal engine, and send the records back.
 * A task that throws is retried by Spark on a fresh instance, and runs the same scenarios to the
 * same records.
 */
@API(status = INTERNAL, since = "0.1")
public final class CampaignTask implements Function2<TaskContext, Iterator<int[]>, PartitionRecords>, Serializable {

    private static final long serialVersionUID = 1L;

    private final ModelSource source;
    private final boolean shipsFiles;
    private final CampaignInfo info;
    private final Duration timeout;
    private final boolean checkpoints;
    private final String goldenFingerprint;
    private final Broadcast<GoldenInputs> inputs;

    public CampaignTask(ModelSource source, boolean shipsFiles, CampaignInfo info, Duration timeout,
            boolean checkpoints, String goldenFingerprint, Broadcast<GoldenInputs> inputs) {
        this.source = source;
        this.shipsFiles = shipsFiles;
        this.info = info;
        this.timeout = timeout;
        this.checkpoints = checkpoints;
        this.goldenFingerprint = goldenFingerprint;
        this.inputs = inputs;
    }

    @Override
    public PartitionRecords apply(TaskContext context, Iterator<int[]> partition) {
        List<int[]> chunks = new ArrayList<>();
        partition.foreach(chunks::add);
        int[] indices = chunks.stream().flatMapToInt(java.util.Arrays::stream).toArray();
        // a task gets spark.task.cpus cores: that many FAST lanes (one core, one lane)
        int lanes = Math.max(1, context.cpus());
        GoldenInputs golden = inputs.value();
        ModelSource local = shipsFiles ? source.relocatedTo(Paths.get(SparkFiles.getRootDirectory())) : source;
        // the driver's parameters are part of the key: a model changed on the driver is loaded (and checked) anew
        String key = source.describe() + "|" + info.parameterChecksum() + "|" + golden.digest();
        ExecutorModels.Instance instance = ExecutorModels.borrow(key, () -> load(local, golden, key));
        try {
            Campaign campaign = instance.campaign(info.fingerprint() + "|" + lanes, () -> plan(instance.golden, lanes));
            CampaignResult result = campaign.run(indices);
            ExecutorModels.giveBack(instance);
            return PartitionRecords.of(executor(), result);
        } catch (RuntimeException | Error e) {
            instance.close(); // a task that failed may have left it half-used: the retry loads a fresh one
            throw e;
        }
    }

    private ExecutorModels.Instance load(ModelSource local, GoldenInputs golden, String key) {
        if (System.getProperty("ai.djl.offline") == null) { // before DJL's engine starts: nothing is downloaded
            System.setProperty("ai.djl.offline", "true");
        }
        NDManager manager = NDManager.newBaseManager("PyTorch");
        InjectableModel model = null;
        try {
            model = local.load(manager);
            String checksum = model.checksum();
            if (!checksum.equals(info.parameterChecksum())) {
                throw new IllegalStateException("the model loaded from " + local.describe() + " on " + executor()
                        + " has other parameters than the driver's (checksum " + checksum + ", driver "
                        + info.parameterChecksum() + "): every machine must load the same trained parameters (a "
                        + "factory that initializes at random does not; load trained weights or fix the seed)");
            }
            GoldenRun run = golden.goldenRun(model, manager);
            if (!run.fingerprint().equals(goldenFingerprint)) {
                run.close();
                throw new IllegalStateException("the golden run on " + executor() + " differs from the driver's "
                        + "(fingerprint " + run.fingerprint() + ", driver " + goldenFingerprint + ") although the model "
                        + "and inputs are the same: this machine computes other outputs (another PyTorch build or CPU). "
                        + "A campaign on machines that compute different golden outputs is not one campaign: give the "
                        + "executors the driver's PyTorch and CPU kind, or run on one of them");
            }
            return new ExecutorModels.Instance(key, manager, model, run);
        } catch (RuntimeException | Error e) {
            if (model != null) {
                model.close();
            }
            manager.close();
            throw e;
        }
    }

    private Campaign plan(GoldenRun golden, int lanes) {
        Campaign.Builder builder = Campaign.builder(golden).sameAs(info).progress(ProgressListener.NONE)
                .fastOptions(new FastOptions(lanes, checkpoints));
        if (timeout != null) {
            builder.timeout(timeout);
        }
        Campaign campaign = builder.build();
        if (!campaign.info().fingerprint().equals(info.fingerprint())) {
            throw new IllegalStateException("the campaign planned on " + executor() + " is not the driver's (fingerprint "
                    + campaign.info().fingerprint() + ", driver " + info.fingerprint() + ", " + campaign.info()
                    .plannedInjections() + " and " + info.plannedInjections() + " scenarios planned): the executor "
                    + "runs another version of SEUnit or of the model's code; give it the driver's jars");
        }
        return campaign;
    }

    private static String executor() {
        org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
        return "executor " + (env == null ? "?" : env.executorId()) + " on host " + HostName.get();
    }
}
