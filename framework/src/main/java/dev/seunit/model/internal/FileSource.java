package dev.seunit.model.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import ai.djl.ndarray.NDManager;
import org.apiguardian.api.API;

import dev.seunit.model.InjectableModel;
import dev.seunit.model.ModelSource;

/** A model file and its loader. The path is kept as text: {@link Path} is not serializable. */
@API(status = INTERNAL, since = "0.1")
public record FileSource(String path, ModelSource.FileLoader loader) implements ModelSource {

    private static final long serialVersionUID = 1L;

    public static FileSource of(Path file, ModelSource.FileLoader loader) {
        java.util.Objects.requireNonNull(loader, "loader");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model file " + file.toAbsolutePath() + " does not exist; pass the path "
                    + "of a saved model file");
        }
        return new FileSource(file.toAbsolutePath().normalize().toString(), loader);
    }

    @Override
    public InjectableModel load(NDManager manager) {
        Path file = Paths.get(path);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model file " + path + " does not exist on this machine ("
                    + HostName.get() + "); ship it with the job (a cluster runner does so for files() it is given) or "
                    + "put it at the same path on every machine");
        }
        return loader.load(file);
    }

    @Override
    public String describe() {
        return "model file " + path;
    }

    @Override
    public List<Path> files() {
        return List.of(Paths.get(path));
    }

    @Override
    public ModelSource relocatedTo(Path directory) {
        return new FileSource(directory.resolve(Paths.get(path).getFileName()).toString(), loader);
    }

    /** Equal when they read the same path: the loader is a lambda without value equality. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FileSource f && f.path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }
}
