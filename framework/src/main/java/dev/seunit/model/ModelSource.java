package dev.seunit.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

import ai.djl.ndarray.NDManager;
import org.apiguardian.api.API;

import dev.seunit.model.internal.FactorySource;
import dev.seunit.model.internal.FileSource;

/**
 * Where a model comes from, in a form another JVM can load it from: a model file read by a
 * loader (TorchScript today; any loader of the form {@code Path -> InjectableModel}, such as an
 * ONNX import, plugs in through {@link #file(Path, FileLoader)}), or a Java method or field that
 * builds it, named by its class. A cluster runner ships the source, not the model: each machine
 * loads its own instance, and the campaign checks that every instance has the same parameters
 * and golden output as the driver's.
 *
 * <p>Sources are serializable and compare by value; equal sources load equal models.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface ModelSource extends Serializable {

    /**
     * Loads a new instance. Arrays the loading allocates (a Java-built block's parameters)
     * belong to {@code manager}: the caller closes the model, then the manager.
     *
     * @throws IllegalArgumentException when this JVM cannot load the source (a missing file or
     *     class), with a message that names the source and the fix
     */
    InjectableModel load(NDManager manager);

    /** The source in a few words, for messages (e.g. {@code TorchScript file /models/unet.pt}). */
    String describe();

    /** Files the source reads; a cluster runner ships them to the machines that load it. */
    default List<Path> files() {
        return List.of();
    }

    /** This source reading its {@link #files()} from {@code directory}, where a cluster runner put them. */
    default ModelSource relocatedTo(Path directory) {
        return this;
    }

    /** Loads a model file (serializable: a method reference such as {@code InjectableModel::loadTorchScript}). */
    @API(status = EXPERIMENTAL, since = "0.1")
    @FunctionalInterface
    interface FileLoader extends Serializable {
        InjectableModel load(Path file);
    }

    /** A model file and the loader that reads it, e.g. {@code file(path, InjectableModel::loadTorchScript)}. */
    static ModelSource file(Path file, FileLoader loader) {
        return FileSource.of(file, loader);
    }

    /** A TorchScript file ({@link InjectableModel#loadTorchScript}). */
    static ModelSource torchScript(Path file) {
        return FileSource.of(file, InjectableModel::loadTorchScript);
    }

    /**
     * A method or field of {@code owner} that gives the model: a DJL {@code Block} (initialized
     * with its trained parameters), a DJL {@code Model}, an {@link InjectableModel}, or a
     * TorchScript file as {@code Path} or {@code String} (a file or class-path resource). A method
     * may take an {@code NDManager}, which owns what it allocates. Static members are called as
     * they are; for an instance member the owner is created with its no-argument constructor.
     * The owner's class must be on the class path of every JVM that loads the source.
     */
    static ModelSource factory(Class<?> owner, String member) {
        return FactorySource.of(owner, member);
    }
}
