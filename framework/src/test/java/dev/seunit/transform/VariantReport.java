package dev.seunit.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.Outcome;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.fault.BitSelection;
import dev.seunit.model.InjectableModel;
import dev.seunit.perf.Throughput;
import dev.seunit.stats.MagnitudeBucket;
import dev.seunit.testing.TransformNets;

/**
 * The variants of one small CNN side by side: accuracy, parameter distribution, robustness
 * under random bit flips, and throughput. Trains a ReLU, a Sigmoid and a Hard Sigmoid model on
 * the seeded synthetic task of {@link TransformNets} (a few seconds), then builds the variants.
 * Run it with:
 *
 * <pre>mvn -B -q -pl framework test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.seunit.transform.VariantReport [-Dexec.args="3000"]</pre>
 */
public final class VariantReport {

    public static void main(String[] args) {
        int injections = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        double noise = args.length > 1 ? Double.parseDouble(args[1]) : 0.6;
        Engine.getInstance().setRandomSeed(42);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TransformNets.Data train = TransformNets.data(manager, 768, 1, noise);
            TransformNets.Data test = TransformNets.data(manager, 256, 2, noise);
            NDArray golden = test.x().get("0:32");
            long start = System.nanoTime();
            SequentialBlock relu = trained(manager, () -> ActivationBlock.of(ActivationKind.RELU), train);
            SequentialBlock sigmoid = trained(manager, () -> ActivationBlock.of(ActivationKind.SIGMOID), train);
            SequentialBlock hardSigmoid = trained(manager, () -> ActivationBlock.of(ActivationKind.HARD_SIGMOID), train);
            System.out.printf(Locale.ROOT, "trained 3 models (%d parameters each) in %.1f s on %d synthetic 8x8 images%n",
                    ParameterDistribution.of(relu).count(), (System.nanoTime() - start) / 1e9, train.size());

            VariantFactory factory = Variants.factory(relu).name("cnn").inputs(test.x()).labels(test.y())
                    .trained(ActivationKind.SIGMOID, sigmoid).trained(ActivationKind.HARD_SIGMOID, hardSigmoid)
                    .fineTune(block -> TransformNets.train(block, train, 1, 0.003f));
            List<Variant> variants = List.of(
                    Variant.BASELINE,
                    Variant.BASELINE.withActivation(ActivationKind.SIGMOID),
                    Variant.BASELINE.withActivation(ActivationKind.HARD_SIGMOID),
                    Variant.BASELINE.withPruning(50),
                    Variant.BASELINE.withPrecision(Precision.INT8),
                    Variant.BASELINE.withActivation(ActivationKind.HARD_SIGMOID).withPrecision(Precision.INT8),
                    Variant.BASELINE.withPruning(50).withPrecision(Precision.INT8));
            try (VariantModel warmUp = factory.create(Variant.BASELINE)) {
                warmUp.throughput(golden, 200, 200); // JIT and allocator warm-up before the first timed row
            }
            System.out.printf(Locale.ROOT, "%-44s %8s %7s %8s %8s %8s %9s %8s %8s %8s%n", "variant", "accuracy", "params",
                    "[1,2)", "1 flip", "SDC", "CRITICAL", "DUE", "FPS", "median");
            List<String> notes = new ArrayList<>();
            for (Variant variant : variants) {
                try (VariantModel v = factory.create(variant)) {
                    row(v, golden, injections);
                    v.pruning().ifPresent(p -> notes.add(v.name() + ": " + p));
                    v.quantization().ifPresent(q -> notes.add(v.name() + ": " + q));
                }
            }
            try (VariantModel swapped = Variants.factory(relu).name("cnn").inputs(test.x()).labels(test.y())
                    .create(Variant.BASELINE.withActivation(ActivationKind.SIGMOID))) {
                row(swapped, golden, injections);
                notes.addAll(swapped.notes());
            }
            System.out.println();
            System.out.printf("accuracy: top-1 on %d held-out images (pixel noise sd %.2f); [1,2): share of non-zero "
                    + "float parameters with 1 <= |x| < 2; 1 flip: share of parameters one bit flip from Inf/NaN;%n",
                    test.size(), noise);
            System.out.printf("SDC, CRITICAL, DUE: shares of %d random single-bit flips over all parameters and bits on "
                    + "a batch of %d images (SDC: 1 to 3 predictions changed, CRITICAL: more than 10%%, DUE: non-finite);%n"
                    + "FPS and median batch latency: batch of %d, 300 runs after 20 warm-up runs, best of 3%n",
                    injections, golden.getShape().get(0), golden.getShape().get(0));
            notes.forEach(n -> System.out.println("- " + n));
        }
    }

    private static SequentialBlock trained(NDManager manager, java.util.function.Supplier<Block> activation,
            TransformNets.Data train) {
        SequentialBlock net = TransformNets.cnn(activation);
        net.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(32, 1,
                TransformNets.SIDE, TransformNets.SIDE));
        TransformNets.train(net, train, 8, 0.01f);
        return net;
    }

    private static void row(VariantModel v, NDArray golden, int injections) {
        ParameterDistribution d = v.distribution();
        // best of three: other processes on a shared machine only ever slow a run down
        Throughput t = null;
        for (int i = 0; i < 3; i++) {
            Throughput run = v.throughput(golden, 20, 300);
            t = t == null || run.fps() > t.fps() ? run : t;
        }
        CampaignResult r;
        try (InjectableModel model = v.injectableModel(); GoldenRun run = GoldenRun.of(model, golden)) {
            r = Campaign.builder(run).name(v.name()).bits(BitSelection.ALL).budget(Budget.count(injections)).seed(7)
                    .criticalShare(0.1).progress(ProgressListener.NONE).build().run();
        }
        String name = v.name() + (v.activationSource() == VariantModel.ActivationSource.SWAPPED ? " (swapped)" : "");
        // stored integers of 1 are not a hazard: the [1,2) column counts float parameters only
        String oneToTwo = d.floatingPointCount() == 0 ? "-"
                : String.format(Locale.ROOT, "%.2f%%", 100 * d.shareOfNonZero(MagnitudeBucket.ONE_TO_TWO));
        System.out.printf(Locale.ROOT, "%-44s %8.4f %7d %8s %7.2f%% %7.2f%% %8.2f%% %7.2f%% %8.0f %6.3fms%n", name,
                v.accuracy(), d.count(), oneToTwo,
                100 * d.shareOneFlipFromNonFinite(), 100 * r.rate(Outcome.SDC).estimate(),
                100 * r.rate(Outcome.CRITICAL).estimate(),
                100 * r.rate(Outcome.DUE).estimate(), t.fps(), t.medianMillis());
    }
}
