package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * How a campaign runs its injections. Every mode writes the same records in plan order, keeps
 * the parameter checksum and the journal, and falls back to {@link #NAIVE} for what its
 * shortcuts cannot handle: TorchScript models, scenarios with several faults, a campaign
 * timeout, parameters of a layer that runs more than once in a forward pass.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Execution {

    /** One full inference per scenario: the reference every shortcut is checked against. */
    NAIVE,

    /**
     * Prefix reuse and early masking, one scenario per inference: the golden output of every
     * layer call is cached once, a fault in layer L replays the cached outputs before L and runs
     * the network from L on, and a fault whose layer output is bit-identical to golden is
     * MASKED without running the rest. Records are bit-identical to {@link #NAIVE}'s (all but
     * the timings).
     */
    EXACT,

    /**
     * {@link #EXACT} plus batching, the default: the faulty outputs of the single-fault
     * scenarios of one layer (up to 64 rows: faults x golden inputs) are stacked and run through
     * the rest of the network as one batch, and a fault in a conv (1d/2d) or linear weight or
     * bias is computed as a delta on the one output channel it changes instead of running the
     * layer. Where a delta is not trusted (below), the real layer runs once for several such
     * faults in distinct output channels, each taking its own channel, which is bit for bit the
     * layer with that fault alone. The stacked batches run side by side on one thread per
     * processor (system property {@code seunit.fast.lanes}), every op on one torch thread as in
     * the golden run. The layers after the fault give every input what they give it in a batch of the
     * golden inputs alone (a layer whose results change with the batch size, checked once per
     * layer and size on the golden data, runs in the largest group of inputs that gives the same
     * bits), so a record does not depend on which scenarios share its batch, shard or thread. Only the delta differs from the
     * real layer: it rounds once where the layer sums in its own order. A delta is used only when
     * the faulty value is finite and every value it touches moves by at least 4 ulps (otherwise
     * the layer runs), so the difference shows at most as MASKED versus BENIGN with no prediction
     * changed, or in the last bits of {@code maxAbsDelta}: the tests require 99.9% outcome
     * agreement with {@link #NAIVE} and measured 100% (see the README's Throughput section).
     *
     * <p>FAST also decides faults at <em>checkpoints</em>: later layer outputs that every path from
     * the fault to the network's output passes through (found by propagating NaN) and around which
     * interval arithmetic certifies a radius for each value within which no prediction changes
     * (larger where the predictions that depend on the value have more room). A fault whose
     * output there is bit-identical to golden is MASKED; one that changed at least 16 values there,
     * each within its radius, is BENIGN with {@code maxAbsDelta} NaN (not computed); the others
     * resume from the checkpoint in batches refilled with faults of other layers. Checkpoints are
     * found once per golden run and task (2-3 seconds on the example U-Net) and turned off
     * with the system property {@code seunit.fast.checkpoints=false}. A custom layer that computes
     * an affine function of its input can implement {@link dev.seunit.model.AffineBlock} so that
     * faults before it can be certified.
     */
    FAST
}
