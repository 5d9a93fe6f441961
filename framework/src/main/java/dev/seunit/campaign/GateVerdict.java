package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

import dev.seunit.stats.Rate;

/**
 * How one {@link RateGate} was decided.
 *
 * @param gate the gate
 * @param decision {@link Rate.Decision#BELOW}: passed; {@link Rate.Decision#ABOVE}: breached;
 *     {@link Rate.Decision#INCONCLUSIVE}: still undecided when the planned injections ran out
 * @param rate the rate the decision rests on, with the bounds it was decided by (for a gate
 *     decided at one of several looks, Clopper-Pearson bounds at that look's nominal level:
 *     {@link dev.seunit.stats.GroupSequentialTest#rate})
 * @param method how it was decided, in words (the test, its looks, its error per side)
 * @param looksTaken how many of the planned looks were taken (the decision is at the last one)
 * @param looksPlanned how many looks were planned
 * @param passBoundary at the deciding look, the largest count that passes (-1: none; a
 *     stratified gate has no count boundaries: -1)
 * @param failBoundary at the deciding look, the smallest count that fails (more than the
 *     injections: none)
 * @param shard the shard whose records decided it; not the whole plan means the verdict is
 *     provisional: the merge of all shards decides
 */
@API(status = EXPERIMENTAL, since = "0.2")
public record GateVerdict(RateGate gate, Rate.Decision decision, Rate rate, String method, int looksTaken,
        int looksPlanned, long passBoundary, long failBoundary, Shard shard) {

    public boolean passed() {
        return decision == Rate.Decision.BELOW;
    }

    public boolean breached() {
        return decision == Rate.Decision.ABOVE;
    }

    public boolean inconclusive() {
        return decision == Rate.Decision.INCONCLUSIVE;
    }

    /** Decided on one shard's records only: the merge of all shards gives the verdict. */
    public boolean provisional() {
        return !shard.isWhole();
    }

    /** The injections the decision rests on. */
    public long injections() {
        return rate.trials();
    }

    /** PASSED, BREACHED or INCONCLUSIVE, prefixed with PROVISIONAL_ on a shard. */
    public String label() {
        String label = passed() ? "PASSED" : breached() ? "BREACHED" : "INCONCLUSIVE";
        return provisional() ? "PROVISIONAL_" + label : label;
    }
}
