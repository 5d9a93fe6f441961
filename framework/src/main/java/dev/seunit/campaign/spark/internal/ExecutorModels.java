package dev.seunit.campaign.spark.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import ai.djl.ndarray.NDManager;
import org.apiguardian.api.API;

import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.model.InjectableModel;

/**
 * The models an executor JVM has loaded, kept between tasks so that each is loaded (and its
 * golden run and engine caches computed) once per JVM, not once per task. A model is not
 * thread-safe, so a task borrows an instance for itself: tasks running side by side on one
 * executor get one instance each. Instances of the {@value #KEPT_SOURCES} most recently used
 * sources are kept; older idle ones are closed. An instance keeps the plans of its
 * {@value #KEPT_CAMPAIGNS} most recent campaigns.
 */
@API(status = INTERNAL, since = "0.1")
public final class ExecutorModels {

    static final int KEPT_SOURCES = 4;
    static final int KEPT_CAMPAIGNS = 4;

    /** A loaded model, its golden run, and the campaigns planned on it (by fingerprint and lanes). */
    public static final class Instance implements AutoCloseable {
        final String key;
        final NDManager manager;
        final InjectableModel model;
        final GoldenRun golden;
        /** The last {@value #KEPT_CAMPAIGNS} planned (a plan holds every scenario: not kept without bound). */
        final Map<String, Campaign> campaigns = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Campaign> eldest) {
                return size() > KEPT_CAMPAIGNS;
            }
        };

        Instance(String key, NDManager manager, InjectableModel model, GoldenRun golden) {
            this.key = key;
            this.manager = manager;
            this.model = model;
            this.golden = golden;
        }

        Campaign campaign(String key, Supplier<Campaign> plan) {
            return campaigns.computeIfAbsent(key, k -> plan.get());
        }

        @Override
        public void close() {
            golden.close();
            model.close();
            manager.close();
        }
    }

    /** Idle instances by key, least recently used first. */
    private static final LinkedHashMap<String, Deque<Instance>> IDLE = new LinkedHashMap<>(16, 0.75f, true);

    private ExecutorModels() {
    }

    /** An idle instance of {@code key}, or a new one from {@code load}. */
    static Instance borrow(String key, Supplier<Instance> load) {
        synchronized (IDLE) {
            Deque<Instance> idle = IDLE.get(key);
            Instance instance = idle == null ? null : idle.poll();
            if (instance != null) {
                return instance;
            }
        }
        return load.get(); // outside the lock: loading takes seconds, other tasks may borrow meanwhile
    }

    /** Gives an instance back after a task that succeeded (a failed task closes its instance instead). */
    static void giveBack(Instance instance) {
        synchronized (IDLE) {
            IDLE.computeIfAbsent(instance.key, k -> new ArrayDeque<>()).push(instance);
            while (IDLE.size() > KEPT_SOURCES) {
                Iterator<Map.Entry<String, Deque<Instance>>> oldest = IDLE.entrySet().iterator();
                oldest.next().getValue().forEach(Instance::close);
                oldest.remove();
            }
        }
    }

    /** Closes every idle instance (for tests and local runs that end). */
    public static void closeIdle() {
        synchronized (IDLE) {
            IDLE.values().forEach(d -> d.forEach(Instance::close));
            IDLE.clear();
        }
    }
}
