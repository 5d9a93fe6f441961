package dev.seunit.campaign;

/**
 * How a campaign runs its injections. Every mode writes the same records in plan order, keeps
 * the parameter checksum and the journal, and falls back to {@link #NAIVE} for what its
 * shortcuts cannot handle: TorchScript models, scenarios with several faults, a campaign
 * timeout, parameters of a layer that runs more than once in a forward pass.
 */
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
     * {@link #EXACT} plus batching: the faulty outputs of up to 16 faults of one layer are stacked
     * and run through the rest of the network as one batch; a single bit flip in a conv or linear
     * weight or bias is computed as a delta on the golden layer output (the one output channel
     * it changes) instead of running the layer. The layers after the fault compute every input
     * as they would in a batch of the golden inputs alone (layers whose result depends on the
     * batch size, checked once per layer on the golden data, run per input group), so a
     * scenario's record does not depend on which other scenarios share its batch, shard or
     * thread. Only the delta's rounding differs from the real layer: it can turn an output that
     * is bit-identical to golden into one that differs in the last bit, or the reverse (MASKED
     * versus BENIGN, measured at under 0.1% of outcomes), and {@code maxAbsDelta} may differ by
     * rounding. The default.
     */
    FAST
}
