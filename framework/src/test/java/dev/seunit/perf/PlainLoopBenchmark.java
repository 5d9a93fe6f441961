package dev.seunit.perf;

import java.util.Locale;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.model.InjectableModel;

/**
 * Injections per second of the plain loop (one full inference per fault, with read, write and
 * restore of the faulted word) on a small CNN, set against the bare inference rate of the same
 * model in the same run. Run it with:
 *
 * <pre>mvn -B -q -pl framework test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.seunit.perf.PlainLoopBenchmark [-Dexec.args=5000]</pre>
 */
public final class PlainLoopBenchmark {

    public static void main(String[] args) {
        int injections = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Engine.getInstance().setRandomSeed(42);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Shape input = new Shape(8, 1, 28, 28);
            SequentialBlock cnn = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(8).optPadding(new Shape(1, 1)).build())
                    .add(Activation.reluBlock())
                    .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(16).optPadding(new Shape(1, 1)).build())
                    .add(Activation.reluBlock())
                    .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(10).build());
            cnn.initialize(manager, DataType.FLOAT32, input);
            NDArray x = manager.randomUniform(0, 1, input);
            try (InjectableModel model = InjectableModel.of("bench-cnn", cnn);
                    GoldenRun golden = GoldenRun.of(model, x)) {
                Campaign.Builder campaign = Campaign.builder(golden).progress(ProgressListener.NONE);
                campaign.budget(Budget.count(200)).seed(1).build().run(); // warm-up
                Throughput inference = Throughput.measure(golden, 50, 1000);
                CampaignResult result = campaign.budget(Budget.count(injections)).seed(2).build().run();
                double inferencesPerSecond = inference.inputsPerSecond() / inference.batch();
                System.out.println("model: " + model + ", batch of " + golden.inputCount() + " inputs");
                System.out.printf(Locale.ROOT, "bare inference:   %.1f inferences/s (median %.3f ms)%n",
                        inferencesPerSecond, inference.medianMillis());
                System.out.printf(Locale.ROOT, "plain loop:       %.1f injections/s over %d injections (%s)%n",
                        result.injectionsPerSecond(), result.injections(), result.counts());
                System.out.printf(Locale.ROOT, "loop overhead:    %.2fx the time of a bare inference%n",
                        inferencesPerSecond / result.injectionsPerSecond());
            }
        }
    }
}
