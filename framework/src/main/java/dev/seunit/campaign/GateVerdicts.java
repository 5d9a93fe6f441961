package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import org.apiguardian.api.API;

import dev.seunit.stats.GroupSequentialTest;
import dev.seunit.stats.Rate;

/**
 * Decides {@link RateGate}s on a campaign, once, on every record the decision needs.
 *
 * <ul>
 *   <li>A uniform plan with one look (a fixed count) is decided on the exact Clopper-Pearson
 *       interval: pass when its upper bound is at most the threshold, fail when its lower bound
 *       is above it.</li>
 *   <li>A uniform plan with several planned looks (a gate that may extend the campaign) is
 *       decided by a {@link GroupSequentialTest} over those looks: each gate stops at the first
 *       look that decides it, the campaign at the look where the last gate stops. Its errors are
 *       bounded over all looks together, whenever it stops.</li>
 *   <li>A stratified plan (per layer, or per layer and bit) is one fixed sample, decided once on
 *       the rate weighted by stratum ({@link Rate#stratified}). It cannot grow: growing it by
 *       plan order would add whole strata, not a sample of every stratum.</li>
 * </ul>
 *
 * @param verdicts one per gate, in the order given
 * @param planned the plan prefix the decisions used: the records of the first {@code planned}
 *     planned injections (the campaign may stop there)
 */
@API(status = EXPERIMENTAL, since = "0.2")
public record GateVerdicts(List<GateVerdict> verdicts, int planned) {

    public GateVerdicts {
        verdicts = List.copyOf(verdicts);
    }

    /** Whether every gate passed. */
    public boolean passed() {
        return verdicts.stream().allMatch(GateVerdict::passed);
    }

    /**
     * Decides {@code gates} on a campaign whose plan is looked at after the first
     * {@code looks[0]}, {@code looks[1]}, ... planned injections (one look: the whole plan).
     *
     * @param info the campaign (its strata decide the method)
     * @param looks plan prefixes, increasing; the last is the largest the gates may use
     * @param shard whose records these are: a shard decides on its own share of each look
     *     (a provisional verdict), the whole plan or the union of all shards on all of it
     * @param upTo the records of the first {@code n} planned injections that belong to
     *     {@code shard}, for {@code n} among {@code looks}; asked in increasing order only as far
     *     as the gates need (so it may run them on demand)
     * @throws IllegalArgumentException for several looks at a stratified plan
     */
    public static GateVerdicts decide(List<RateGate> gates, CampaignInfo info, int[] looks, Shard shard,
            IntFunction<CampaignResult> upTo) {
        if (info.strata() != Strata.NONE && looks.length > 1) {
            throw new IllegalArgumentException("a stratified plan (" + info.budget() + ") is one fixed sample, decided "
                    + "once on its weighted rate; it cannot grow look by look. Use a count budget to let a gate "
                    + "extend the campaign, or drop the extension");
        }
        // the sample at each look: this shard's share of the plan prefix (looks that add nothing to it dropped)
        List<int[]> kept = new ArrayList<>();
        for (int look : looks) {
            int n = shard.injectionsBelow(look);
            if (n > (kept.isEmpty() ? 0 : kept.get(kept.size() - 1)[1])) {
                kept.add(new int[] {look, n});
            }
        }
        if (kept.isEmpty()) { // a shard without a single planned injection
            kept.add(new int[] {looks[looks.length - 1], 0});
        }
        int[] planLooks = kept.stream().mapToInt(k -> k[0]).toArray();
        int[] shardLooks = kept.stream().mapToInt(k -> k[1]).toArray();
        List<GateVerdict> verdicts = new ArrayList<>(gates.size());
        int furthest = 0;
        for (RateGate gate : gates) {
            GateVerdict verdict;
            if (shardLooks[0] == 0) {
                verdict = undecided(gate, shard, planLooks.length);
            } else if (info.strata() != Strata.NONE) {
                CampaignResult sample = upTo.apply(planLooks[0]);
                Rate rate = sample.rate(gate.outcomes(), gate.confidence());
                verdict = new GateVerdict(gate, rate.decide(gate.threshold()), rate, "a sample stratified by "
                        + (info.strata() == Strata.LAYER ? "layer" : "layer and bit") + ", decided once", 1, 1, -1,
                        Long.MAX_VALUE, shard);
            } else {
                GroupSequentialTest test = GroupSequentialTest.of(gate.threshold(), gate.confidence(), shardLooks);
                GroupSequentialTest.Verdict v = test.run(n -> {
                    int look = java.util.Arrays.binarySearch(shardLooks, (int) n);
                    return upTo.apply(planLooks[look]).counts().count(gate.outcomes());
                });
                verdict = new GateVerdict(gate, v.decision(), test.rate(v.look(), v.count()),
                        shardLooks.length == 1 ? "a uniform sample, decided once"
                                : test.describe(), v.look() + 1, shardLooks.length, test.passBoundary(v.look()),
                        test.failBoundary(v.look()), shard);
                furthest = Math.max(furthest, v.look());
            }
            verdicts.add(verdict);
        }
        return new GateVerdicts(verdicts, gates.isEmpty() ? planLooks[planLooks.length - 1] : planLooks[furthest]);
    }

    private static GateVerdict undecided(RateGate gate, Shard shard, int looks) {
        return new GateVerdict(gate, Rate.Decision.INCONCLUSIVE, Rate.clopperPearson(0, 0, gate.confidence()),
                "no injection of this shard in the plan", looks, looks, -1, 1, shard);
    }
}
