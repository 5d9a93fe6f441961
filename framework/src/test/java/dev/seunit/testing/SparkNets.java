package dev.seunit.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import org.apache.spark.TaskContext;

/**
 * Model factories, named by class, that Spark executors call to load the test networks
 * ({@code ModelSource.factory(SparkNets.class, "convNet")}).
 */
public final class SparkNets {

    /** The Spark partition whose first attempt {@link #convNetFailingOnce} fails. */
    public static final int FAILING_PARTITION = 1;
    /** The inference of that attempt that fails (the golden run and some injections come first). */
    static final int FAILING_CALL = 6;

    private static final Map<Long, AtomicInteger> CALLS_BY_ATTEMPT = new ConcurrentHashMap<>();

    private SparkNets() {
    }

    /** {@link TinyNets#convNet}. */
    public static Block convNet(NDManager manager) {
        return TinyNets.convNet(manager);
    }

    /**
     * {@link TinyNets#convNet} with an identity layer at its end that throws in the first attempt
     * of Spark partition {@value #FAILING_PARTITION}, at that task's {@value #FAILING_CALL}th
     * inference: a task that dies half-way, as on a lost executor. Outside Spark tasks, and in
     * every retry, it is the conv net. It throws an {@link AssertionError}, which the engine does
     * not count as a DUE of the fault (it catches exceptions, not errors).
     */
    public static Block convNetFailingOnce(NDManager manager) {
        SequentialBlock net = TinyNets.convNet(manager);
        net.add(new LambdaBlock(list -> {
            TaskContext task = TaskContext.get();
            if (task != null && task.partitionId() == FAILING_PARTITION && task.attemptNumber() == 0
                    && CALLS_BY_ATTEMPT.computeIfAbsent(task.taskAttemptId(), k -> new AtomicInteger())
                            .incrementAndGet() == FAILING_CALL) {
                throw new AssertionError("injected failure of the first attempt of partition " + FAILING_PARTITION);
            }
            return list;
        }, "failingOnce"));
        return net;
    }

    /** A conv net whose parameters differ in Spark tasks from the driver's (a factory that is not deterministic). */
    public static Block convNetOtherOnExecutors(NDManager manager) {
        SequentialBlock net = TinyNets.convNet(manager);
        if (TaskContext.get() != null) {
            TinyNets.parameter(net, TinyNets.CONV_BIAS).getArray().set(new float[] {0.5f, -100f});
        }
        return net;
    }

    /** A conv net that computes another output in Spark tasks from the same parameters (another machine's arithmetic). */
    public static Block convNetComputingOtherwiseOnExecutors(NDManager manager) {
        SequentialBlock net = TinyNets.convNet(manager);
        net.add(new LambdaBlock(list -> TaskContext.get() == null ? list : new ai.djl.ndarray.NDList(list.head().add(1e-3f)),
                "machineDependent"));
        return net;
    }
}
