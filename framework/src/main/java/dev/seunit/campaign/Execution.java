package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * How a campaign runs its injections. Every mode writes the records of the same faults in plan
 * order, keeps the parameter checksum and the journal, and runs what its shortcuts cannot cover
 * the {@link #NAIVE} way: TorchScript models, scenarios with several faults, a campaign timeout,
 * parameters of a layer that runs more than once in a forward pass.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Execution {

    /** One full inference per scenario: the reference every shortcut is checked against. */
    NAIVE,

    /**
     * Prefix reuse and early masking, one scenario per inference: the golden output of every layer
     * call is recorded once, a fault in layer L replays the recorded outputs before L and runs the
     * network from L on, and a fault whose output at L is bit-identical to golden is MASKED without
     * running the rest. Records are bit-identical to {@link #NAIVE}'s (all but the timings).
     */
    EXACT,

    /**
     * {@link #EXACT} plus batching, the default. Faults of one layer run the rest of the network
     * together as one stacked batch; a conv or linear weight or bias fault is computed as a change
     * of the one output channel it moves instead of running the layer; batches run side by side on
     * several threads ({@link FastOptions#lanes()}). Faults are also decided at <em>checkpoints</em>:
     * later layer outputs every path to the network's output passes through, around which interval
     * arithmetic certifies how far each value may move without changing any prediction; a fault
     * within those radii is BENIGN without running further ({@code maxAbsDelta} NaN, not
     * computed), and {@link FastOptions#checkpoints()} turns this off.
     *
     * <p>The contract: a record does not depend on which faults share its batch, shard or thread;
     * outcomes agree with {@link #EXACT}'s except that a fault whose output differs from golden
     * only in the last bits may be MASKED in one and BENIGN in the other (a channel change rounds
     * once where the layer sums in its own order), with no prediction changed either way. How it
     * is fast, and what it measured, is in the user guide. A custom layer can opt in to the
     * certification by implementing {@link dev.seunit.model.AffineBlock} or
     * {@link dev.seunit.model.MonotoneBlock}.
     */
    FAST
}
