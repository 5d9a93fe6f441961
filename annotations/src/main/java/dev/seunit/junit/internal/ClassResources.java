package dev.seunit.junit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.extension.ExtensionContext;

import dev.seunit.campaign.GoldenRun;
import dev.seunit.model.InjectableModel;
import dev.seunit.transform.Variant;

/**
 * What SEUnit keeps for one test class: an NDManager for the user's arrays, the inputs, and
 * per variant the model and its golden run. Closed by JUnit when the class is done (it is an
 * {@link AutoCloseable} value of the class's store). Campaigns on one model take its lock, so
 * tests running in parallel never mutate a model another test is using.
 */
final class ClassResources implements AutoCloseable {

    /** A model of one variant, its golden run, what deriving it did ({@code notes}) and its lock. */
    static final class Prepared {
        final Variant variant;
        final InjectableModel model;
        final GoldenRun golden;
        final List<String> notes;
        final ReentrantLock lock = new ReentrantLock();
        private final AutoCloseable owned;

        Prepared(Variant variant, InjectableModel model, GoldenRun golden, List<String> notes, AutoCloseable owned) {
            this.variant = variant;
            this.model = model;
            this.golden = golden;
            this.notes = List.copyOf(notes);
            this.owned = owned;
        }
    }

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ClassResources.class);

    private final NDManager manager = NDManager.newBaseManager("PyTorch");
    private final Map<Variant, Prepared> prepared = new LinkedHashMap<>();
    private final List<AutoCloseable> owned = new ArrayList<>();
    private Object inputs;

    /** The resources of the test class {@code context} belongs to. */
    static ClassResources of(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        // get + put under a lock instead of Store.getOrComputeIfAbsent: JUnit 6 deprecates that method in favour of
        // computeIfAbsent, which JUnit 5.14 does not have; get and put exist unchanged in both.
        ExtensionContext.Store store = classContext.getStore(NAMESPACE);
        synchronized (ClassResources.class) {
            ClassResources resources = store.get(ClassResources.class, ClassResources.class);
            if (resources == null) {
                resources = new ClassResources();
                store.put(ClassResources.class, resources);
            }
            return resources;
        }
    }

    NDManager manager() {
        return manager;
    }

    synchronized Object inputs(Supplier<Object> read) {
        if (inputs == null) {
            inputs = read.get();
        }
        return inputs;
    }

    synchronized Prepared prepared(Variant variant, Supplier<Prepared> build) {
        return prepared.computeIfAbsent(variant, v -> build.get());
    }

    synchronized void own(AutoCloseable resource) {
        owned.add(resource);
    }

    @Override
    public synchronized void close() throws Exception {
        for (Prepared p : prepared.values()) {
            p.golden.close();
            p.model.close();
            if (p.owned != null) {
                p.owned.close();
            }
        }
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).close();
        }
        manager.close();
    }
}
