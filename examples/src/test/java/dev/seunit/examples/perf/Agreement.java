package dev.seunit.examples.perf;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.Outcome;

/**
 * How the modes' records compare: EXACT's with naive's bit for bit on the faults both ran,
 * FAST's outcomes with EXACT's on every fault (a MASKED/BENIGN swap with no prediction changed is
 * the one difference FAST's contract allows; it is counted, and any other is listed), and FAST's
 * records across its runs.
 */
record Agreement(int common, int exactIdenticalToNaive, int fast, int sameOutcome, int maskedBenignSwaps,
        boolean fastRepeatable, List<String> disagreements, Map<Outcome, Long> fastOutcomes) {

    static Agreement of(CampaignResult naive, CampaignResult exact, List<CampaignResult> fastRuns) {
        CampaignResult fast = fastRuns.get(0);
        int exactSame = 0;
        for (InjectionRecord n : naive.records()) {
            exactSame += exact.records().get(n.index()).sameResultAs(n) ? 1 : 0;
        }
        int same = 0;
        int swaps = 0;
        List<String> disagreements = new ArrayList<>();
        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        for (InjectionRecord f : fast.records()) {
            InjectionRecord e = exact.records().get(f.index());
            outcomes.merge(f.outcome(), 1L, Long::sum);
            if (f.outcome() == e.outcome()) {
                same++;
            } else if (e.changedPredictions() + f.changedPredictions() == 0
                    && List.of(Outcome.MASKED, Outcome.BENIGN).containsAll(List.of(e.outcome(), f.outcome()))) {
                swaps++;
            } else {
                disagreements.add("exact " + e + " | fast " + f);
            }
        }
        boolean repeatable = true;
        for (CampaignResult other : fastRuns) {
            for (int i = 0; i < fast.injections(); i++) {
                repeatable &= other.records().get(i).sameResultAs(fast.records().get(i));
            }
        }
        return new Agreement(naive.injections(), exactSame, fast.injections(), same, swaps, repeatable, disagreements,
                outcomes);
    }

    String describe() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "outcomes fast = exact: %d/%d (%.3f%%), "
                + "MASKED/BENIGN swaps %d, other disagreements %d; exact records identical to naive %d/%d; fast records"
                + " identical in every run: %s; fast outcomes %s", sameOutcome, fast, 100.0 * sameOutcome / fast,
                maskedBenignSwaps, disagreements.size(), exactIdenticalToNaive, common, fastRepeatable, fastOutcomes));
        disagreements.forEach(d -> s.append("\n  disagreement: ").append(d));
        return s.toString();
    }

    void addTo(JsonObject o) {
        o.addProperty("exactRecordsIdenticalToNaive", exactIdenticalToNaive);
        o.addProperty("agreementFaults", fast);
        o.addProperty("agreementSameOutcome", sameOutcome);
        o.addProperty("agreementMaskedBenignSwaps", maskedBenignSwaps);
        o.addProperty("fastRecordsIdenticalInEveryRun", fastRepeatable);
        o.addProperty("fastOutcomes", fastOutcomes.toString());
        JsonArray d = new JsonArray();
        disagreements.forEach(d::add);
        o.add("disagreements", d);
    }
}
