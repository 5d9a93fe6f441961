package dev.seunit.allure.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Map;
import java.util.TreeSet;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.apiguardian.api.API;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.GateVerdict;
import dev.seunit.campaign.OutcomeCounts;
import dev.seunit.campaign.Strata;
import dev.seunit.stats.Rate;

/**
 * What the statistics add to a campaign's summary: how each gate was decided (method, looks,
 * injections, boundaries), and the table of a layer-and-bit plan, in HTML and in the run summary.
 */
@API(status = INTERNAL, since = "0.2")
public final class StatisticsTables {

    private StatisticsTables() {
    }

    /** The gates: verdict, rate and bounds, looks taken, injections used, method. */
    static void gates(StringBuilder s, java.util.List<GateVerdict> verdicts) {
        if (verdicts.isEmpty()) {
            return;
        }
        s.append("<h3>How the gates were decided</h3><table><tr><th>gate</th><th>verdict</th><th>count</th><th>n</th>"
                + "<th>rate</th><th>lower</th><th>upper</th><th>looks</th><th>pass at &le;</th><th>fail at &ge;</th>"
                + "<th>method</th></tr>");
        for (GateVerdict v : verdicts) {
            Rate r = v.rate();
            boolean counted = v.looksPlanned() > 1;
            s.append("<tr><td class=\"k\">").append(Tables.esc(Tables.gateName(v.gate()))).append("</td><td class=\"")
                    .append(v.passed() ? "pass" : "fail").append("\">").append(v.label()).append("</td><td>")
                    .append(r.count()).append("</td><td>").append(r.trials()).append("</td><td>")
                    .append(Charts.percent(r.estimate())).append("</td><td>").append(Charts.percent(r.lower()))
                    .append("</td><td>").append(Charts.percent(r.upper())).append("</td><td>").append(v.looksTaken())
                    .append(" of ").append(v.looksPlanned()).append("</td><td>")
                    .append(counted ? String.valueOf(v.passBoundary()) : "").append("</td><td>")
                    .append(counted ? String.valueOf(v.failBoundary()) : "").append("</td><td class=\"k\">")
                    .append(Tables.esc(r.method() + "; " + v.method())).append("</td></tr>");
        }
        s.append("</table>");
    }

    /** A layer-and-bit plan's table: one row per layer, one column per bit, each cell failures/injections. */
    static void layerAndBit(StringBuilder s, CampaignResult result) {
        if (result.info().strata() != Strata.LAYER_AND_BIT) {
            return;
        }
        Map<String, Map<Integer, OutcomeCounts>> cells = result.byLayerAndBit();
        TreeSet<Integer> bits = new TreeSet<>(java.util.Comparator.reverseOrder());
        cells.values().forEach(row -> bits.addAll(row.keySet()));
        s.append("<h3>SDC + CRITICAL + DUE by layer and bit (each cell a stratum: failures / injections)</h3>"
                + "<table><tr><th>layer</th>");
        bits.forEach(b -> s.append("<th>").append(b).append("</th>"));
        s.append("</tr>");
        cells.forEach((layer, row) -> {
            s.append("<tr><td class=\"k\">").append(Tables.esc(layer)).append("</td>");
            for (int bit : bits) {
                OutcomeCounts c = row.get(bit);
                s.append("<td>").append(c == null ? "" : c.count(Tables.FAILURES) + "/" + c.total()).append("</td>");
            }
            s.append("</tr>");
        });
        s.append("</table>");
    }

    /** The gate as the run summary gives it. */
    static JsonObject gate(GateVerdict v) {
        JsonObject g = RunSummary.rate(v.rate());
        g.addProperty("gate", Tables.gateName(v.gate()));
        g.addProperty("threshold", v.gate().threshold());
        g.addProperty("decision", v.decision().name());
        g.addProperty("verdict", v.label());
        g.addProperty("provisional", v.provisional());
        g.addProperty("method", v.method());
        g.addProperty("looksTaken", v.looksTaken());
        g.addProperty("looksPlanned", v.looksPlanned());
        g.addProperty("injections", v.injections());
        if (v.looksPlanned() > 1) {
            g.addProperty("passAtMost", v.passBoundary());
            g.addProperty("failAtLeast", v.failBoundary());
        }
        return g;
    }

    /** A layer-and-bit plan's cells as the run summary gives them (empty for other plans). */
    static JsonArray layerAndBit(CampaignResult result) {
        JsonArray cells = new JsonArray();
        if (result.info().strata() != Strata.LAYER_AND_BIT) {
            return cells;
        }
        result.byLayerAndBit().forEach((layer, row) -> row.forEach((bit, c) -> {
            JsonObject cell = new JsonObject();
            cell.addProperty("layer", layer);
            cell.addProperty("bit", bit);
            cell.addProperty("stratumSize", result.info().strataSizes().getOrDefault(Strata.key(layer, bit), 0L));
            cell.addProperty("injections", c.total());
            cell.addProperty("failures", c.count(Tables.FAILURES));
            cell.addProperty("failureRate", (double) c.count(Tables.FAILURES) / c.total());
            cells.add(cell);
        }));
        return cells;
    }
}
