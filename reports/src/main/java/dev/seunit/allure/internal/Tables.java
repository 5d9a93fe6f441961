package dev.seunit.allure.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.seunit.campaign.CampaignInfo;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.ErrorPropagation;
import dev.seunit.campaign.GateVerdict;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.LayerDeviation;
import dev.seunit.campaign.Outcome;
import dev.seunit.campaign.OutcomeCounts;
import dev.seunit.campaign.RateGate;
import dev.seunit.campaign.Strata;
import dev.seunit.junit.CampaignEvent;
import dev.seunit.stats.Rate;

/** The summary of a campaign as an HTML page and as CSV. */
@API(status = INTERNAL, since = "0.1")
public final class Tables {

    /** The outcomes that count as a failure of the network. */
    public static final Set<Outcome> FAILURES = EnumSet.of(Outcome.SDC, Outcome.CRITICAL, Outcome.DUE);

    private Tables() {
    }

    /** One row of the summary: a rate with its interval. */
    public record Row(String group, String key, Rate rate) {
    }

    /** Every rate the summary shows: each outcome, the failure rate, each gate, by bit and by layer. */
    public static List<Row> rows(CampaignEvent event) {
        CampaignResult result = event.result();
        List<Row> rows = new ArrayList<>();
        for (Outcome o : Outcome.values()) {
            rows.add(new Row("outcome", o.name(), result.rate(o)));
        }
        rows.add(new Row("outcome", "SDC+CRITICAL+DUE", result.rate(FAILURES, 0.95)));
        for (GateVerdict verdict : event.verdicts()) {
            rows.add(new Row("gate", gateName(verdict.gate()), verdict.rate()));
        }
        // each group's rate over the faults of the space it holds (weighted by stratum in a stratified plan)
        breakdown(rows, "bit", result.byBit(), k -> r -> r.fault().topBit() == k, result);
        breakdown(rows, "layer", result.byLayer(), k -> r -> r.fault().site().layer().equals(k), result);
        breakdown(rows, "magnitude", result.byMagnitude(), k -> r -> r.magnitude() == k, result);
        return rows;
    }

    private static <K> void breakdown(List<Row> rows, String group, Map<K, OutcomeCounts> counts,
            Function<K, Predicate<InjectionRecord>> member, CampaignResult result) {
        counts.keySet().forEach(k -> rows.add(new Row(group, String.valueOf(k),
                result.where(member.apply(k), group + "=" + k).rate(FAILURES, 0.95))));
    }

    public static String gateName(RateGate gate) {
        return gate.outcomesLabel().replace('+', '|') + " <= " + Charts.percent(gate.threshold()) + " @ "
                + Math.round(100 * gate.confidence()) + "%";
    }

    public static String csv(CampaignEvent event) {
        StringBuilder s = new StringBuilder("group,key,count,trials,rate,lower,upper,confidence\n");
        for (Row r : rows(event)) {
            Rate rate = r.rate();
            s.append(r.group()).append(',').append(csvCell(r.key())).append(',').append(rate.count()).append(',')
                    .append(rate.trials()).append(',').append(num(rate.estimate())).append(',')
                    .append(num(rate.lower())).append(',').append(num(rate.upper())).append(',')
                    .append(num(rate.confidence())).append('\n');
        }
        return s.toString();
    }

    public static String html(CampaignEvent event) {
        CampaignResult result = event.result();
        CampaignInfo info = result.info();
        StringBuilder s = new StringBuilder();
        s.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(esc(event.displayName()))
                .append("</title><style>body{font-family:sans-serif;font-size:13px}table{border-collapse:collapse;"
                        + "margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
                        + "th{background:#f0f0f0}td.k{text-align:left}.fail{color:#c62828;font-weight:bold}"
                        + ".pass{color:#2e7d32;font-weight:bold}</style></head><body>");
        s.append("<h2>").append(esc(event.displayName())).append("</h2>");
        s.append("<p>").append(result.injections()).append(" injections on ").append(esc(info.model()))
                .append(", variant <b>").append(esc(String.valueOf(event.variant()))).append("</b>, ")
                .append(esc(String.valueOf(info.faultModel()))).append(" on ").append(esc(String.valueOf(info.bits())))
                .append(" of ").append(esc(String.valueOf(info.target()))).append(" (layers ")
                .append(esc(String.valueOf(info.layers()))).append("), seed ").append(info.seed()).append(".</p>");
        s.append("<p>Verdict: <span class=\"").append(event.passed() ? "pass" : "fail").append("\">")
                .append(event.verdict()).append("</span>").append(event.provisional() ? " (shard " + event.shard()
                        + ": decided on this shard's injections only; the merge of all shards decides)"
                        : event.merged() ? " (decided on the records of all shards)" : "").append("</p>");
        StatisticsTables.gates(s, event.verdicts());
        StatisticsTables.layerAndBit(s, result);
        if (!event.variantNotes().isEmpty()) {
            s.append("<h3>Variant notes</h3><ul>");
            event.variantNotes().forEach(note -> s.append("<li>").append(esc(note)).append("</li>"));
            s.append("</ul>");
        }
        String group = null;
        for (Row r : rows(event)) {
            if (!r.group().equals(group)) {
                if (group != null) {
                    s.append("</table>");
                }
                group = r.group();
                s.append("<h3>").append(heading(group, info.strata() != Strata.NONE)).append("</h3><table><tr><th>")
                        .append(esc(group))
                        .append("</th><th>count</th><th>n</th><th>rate</th><th>CI lower</th><th>CI upper</th>"
                                + "<th>confidence</th></tr>");
            }
            Rate rate = r.rate();
            s.append("<tr><td class=\"k\">").append(esc(r.key())).append("</td><td>").append(rate.count())
                    .append("</td><td>").append(rate.trials()).append("</td><td>").append(Charts.percent(rate.estimate()))
                    .append("</td><td>").append(Charts.percent(rate.lower())).append("</td><td>")
                    .append(Charts.percent(rate.upper())).append("</td><td>")
                    .append(Math.round(100 * rate.confidence())).append("%</td></tr>");
        }
        s.append("</table>");
        for (ErrorPropagation.Trace trace : event.propagation()) {
            s.append("<h3>Error propagation: ").append(esc(trace.title())).append("</h3><p>")
                    .append(esc(String.valueOf(trace.injection()))).append("</p><table><tr><th>layer</th>"
                            + "<th>elements</th><th>changed</th><th>max |delta|</th><th>non-finite</th></tr>");
            for (LayerDeviation d : trace.layers()) {
                s.append("<tr><td class=\"k\">").append(esc(d.layer())).append("</td><td>").append(d.elements())
                        .append("</td><td>").append(d.changed()).append("</td><td>").append(d.largestDeviation())
                        .append("</td><td>").append(d.nonFinite()).append("</td></tr>");
            }
            s.append("</table>");
        }
        s.append("<h3>Most severe injections</h3><ol>");
        for (InjectionRecord r : result.worst(5)) {
            s.append("<li>").append(esc(r.toString())).append("</li>");
        }
        s.append("</ol>");
        if (event.throughput() != null) {
            s.append("<p>Fault-free throughput: ").append(esc(event.throughput().toString())).append("; campaign ")
                    .append(String.format(Locale.ROOT, "%.1f", result.injectionsPerSecond()))
                    .append(" injections/s.</p>");
        }
        s.append("<p>Rerun: ").append(esc(info.rerunHint())).append("</p></body></html>");
        return s.toString();
    }

    private static String heading(String group, boolean stratified) {
        switch (group) {
            case "outcome":
                return stratified ? "Outcome rates over the fault space (strata weighted by their size; Fay-Feuer "
                        + "gamma intervals)" : "Outcome rates (Clopper-Pearson intervals)";
            case "gate":
                return "Gates (@MaxErrorRate)";
            default:
                return "SDC + CRITICAL + DUE rate by " + group;
        }
    }

    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : String.valueOf(v);
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
