package dev.seunit.examples.perf;

import java.util.function.Function;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.Task;
import dev.seunit.examples.hsi.HsiScenes;
import dev.seunit.examples.hsi.UNetModels;
import dev.seunit.model.InjectableModel;
import dev.seunit.transform.ActivationKind;

/**
 * A network the throughput benchmark measures, with its golden inputs and how its outputs are
 * compared. {@link #open()} loads an independent copy (its own arrays, model and golden run), so
 * that naive campaigns can run on several cores at once without sharing a model they write into.
 */
record BenchNetwork(String name, String description, Task task, double criticalShare,
        Function<NDManager, GoldenRun> loader) {

    /** The example's trained ReLU U-Net on 4 held-out 25-band 32x32 scenes. */
    static BenchNetwork exampleUNet() {
        return new BenchNetwork("unet", "example UNet(RELU), trained, 37.6k parameters; 4 held-out 25-band 32x32 scenes",
                Task.segmentation(), 0.01, manager -> {
                    HsiScenes.Scenes scenes = HsiScenes.heldOut(manager, 4);
                    InjectableModel model = InjectableModel.of("unet-relu", UNetModels.trained(manager, ActivationKind.RELU));
                    return GoldenRun.of(model, new NDList(scenes.inputs()), scenes.labels());
                });
    }

    static BenchNetwork named(String name) {
        return switch (name) {
            case "unet" -> exampleUNet();
            default -> throw new IllegalArgumentException("unknown network '" + name + "'; known: unet");
        };
    }

    /** One copy: its manager, model and golden run, closed together. */
    Copy open() {
        NDManager manager = NDManager.newBaseManager("PyTorch");
        try {
            return new Copy(manager, loader.apply(manager));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A loaded copy of the network. */
    record Copy(NDManager manager, GoldenRun golden) implements AutoCloseable {
        @Override
        public void close() {
            golden.close();
            golden.model().close();
            manager.close();
        }
    }
}
