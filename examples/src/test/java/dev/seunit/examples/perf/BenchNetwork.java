package dev.seunit.examples.perf;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Function;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

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

    /**
     * A model of the framework's ONNX zoo (framework/src/test/resources/onnx, exported by PyTorch;
     * the benchmark runs from the repository root), imported for {@code inputs} seeded normal inputs.
     */
    static BenchNetwork onnx(String zooName, String description, Task task, Shape inputs) {
        Path file = Paths.get("framework", "src", "test", "resources", "onnx", zooName + ".onnx");
        return new BenchNetwork("onnx-" + zooName, description + " imported from " + file + "; " + inputs
                + " seeded normal inputs", task, 0.01, manager -> {
                    InjectableModel model = InjectableModel.loadOnnx(file, new Shape(1).addAll(inputs.slice(1)));
                    manager.getEngine().setRandomSeed(7);
                    return GoldenRun.of(model, manager.randomNormal(inputs));
                });
    }

    static BenchNetwork named(String name) {
        return switch (name) {
            case "unet" -> exampleUNet();
            case "onnx-resnet18" -> onnx("resnet18", "ResNet-18 at 1/8 width (178.6k parameters)",
                    Task.classification(), new Shape(4, 3, 32, 32));
            case "onnx-unet" -> onnx("unet", "U-Net with ConvTranspose and Concat skips (13.4k parameters)",
                    Task.segmentation(), new Shape(4, 3, 64, 64));
            default -> throw new IllegalArgumentException("unknown network '" + name + "'; known: unet, onnx-resnet18, "
                    + "onnx-unet");
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
