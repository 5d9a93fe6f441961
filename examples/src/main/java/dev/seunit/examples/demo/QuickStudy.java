package dev.seunit.examples.demo;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.Outcome;
import dev.seunit.fault.BitSelection;
import dev.seunit.model.InjectableModel;

/**
 * A short demonstration campaign (the main job until the hyperspectral U-Net study lands): the
 * same seeded, untrained CNN with ReLU and with Hard Sigmoid, under MSB flips and all-bit flips
 * of its weights. Writes each result as JSON and CSV under {@code target/seunit}.
 */
public final class QuickStudy {

    public static void main(String[] args) {
        int budget = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path out = Paths.get(args.length > 1 ? args[1] : "target/seunit");
        System.out.printf(Locale.ROOT, "%-13s %-5s %8s  %-40s %-40s%n", "activation", "bits", "inj/s", "CRITICAL",
                "DUE");
        for (String activation : new String[] {"relu", "hard-sigmoid"}) {
            for (BitSelection bits : new BitSelection[] {BitSelection.MSB, BitSelection.ALL}) {
                Engine.getInstance().setRandomSeed(7); // same weights for both activations
                try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                    Shape input = new Shape(16, 1, 16, 16);
                    SequentialBlock cnn = cnn(activation);
                    cnn.initialize(manager, DataType.FLOAT32, input);
                    NDArray x = manager.randomUniform(0, 1, input);
                    try (InjectableModel model = InjectableModel.of("cnn-" + activation, cnn);
                            GoldenRun golden = GoldenRun.of(model, x)) {
                        CampaignResult result = Campaign.builder(golden).name(activation + "-" + bits)
                                .bits(bits).budget(Budget.count(budget)).seed(42).criticalShare(0.1).build().run();
                        result.writeJson(out.resolve(result.info().name() + ".json"));
                        result.writeCsv(out.resolve(result.info().name() + ".csv"));
                        System.out.printf(Locale.ROOT, "%-13s %-5s %8.0f  %-40s %-40s%n", activation, bits,
                                result.injectionsPerSecond(), result.rate(Outcome.CRITICAL), result.rate(Outcome.DUE));
                    }
                }
            }
        }
        System.out.println("results: " + out.toAbsolutePath());
    }

    private static SequentialBlock cnn(String activation) {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(8).optPadding(new Shape(1, 1)).build())
                .add(activation(activation))
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(8).optPadding(new Shape(1, 1)).build())
                .add(activation(activation))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(4).build());
    }

    private static Block activation(String name) {
        return "relu".equals(name) ? Activation.reluBlock()
                : new LambdaBlock(list -> new ai.djl.ndarray.NDList(
                        Activation.relu6(list.head().add(3)).div(6)), "HardSigmoid");
    }
}
