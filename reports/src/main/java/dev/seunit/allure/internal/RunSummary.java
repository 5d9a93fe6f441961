package dev.seunit.allure.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.seunit.campaign.CampaignInfo;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.Outcome;
import dev.seunit.junit.CampaignEvent;
import dev.seunit.junit.PropertyEvent;
import dev.seunit.stats.Rate;

/** The machine-readable summary of a run, for CI trend gates. */
@API(status = INTERNAL, since = "0.1")
public final class RunSummary {

    public static final int FORMAT_VERSION = 1;

    private RunSummary() {
    }

    /** PASSED, BREACHED or INCONCLUSIVE, prefixed PROVISIONAL_ for a shard's own decision. */
    public static String verdict(CampaignEvent e) {
        return e.verdict();
    }

    public static JsonObject json(Recorder run) {
        JsonObject root = new JsonObject();
        root.addProperty("format", "seunit-run-summary");
        root.addProperty("version", FORMAT_VERSION);
        root.addProperty("finished", Instant.now().toString());
        Map<String, Integer> totals = new LinkedHashMap<>();
        for (String k : List.of("campaigns", "passed", "breached", "inconclusive", "provisional", "properties",
                "falsified")) {
            totals.put(k, 0);
        }
        JsonArray campaigns = new JsonArray();
        for (CampaignEvent e : run.campaigns()) {
            CampaignResult result = e.result();
            CampaignInfo info = result.info();
            JsonObject c = new JsonObject();
            c.addProperty("class", e.testClass().getName());
            c.addProperty("method", e.methodName());
            c.addProperty("name", e.displayName());
            c.addProperty("variant", String.valueOf(e.variant()));
            JsonArray notes = new JsonArray();
            e.variantNotes().forEach(notes::add);
            c.add("variantNotes", notes);
            c.addProperty("model", info.model());
            c.addProperty("target", String.valueOf(info.target()));
            c.addProperty("layers", info.layers());
            c.addProperty("bits", String.valueOf(info.bits()));
            c.addProperty("faultModel", String.valueOf(info.faultModel()));
            c.addProperty("budget", String.valueOf(info.budget()));
            c.addProperty("criticalShare", info.criticalShare());
            c.addProperty("seed", info.seed());
            c.addProperty("strata", info.strata().name());
            if (e.provisional()) {
                c.addProperty("shard", e.shard().toString());
            }
            c.addProperty("merged", e.merged());
            c.addProperty("injections", result.injections());
            c.addProperty("injectionsPerSecond", result.injectionsPerSecond());
            if (e.throughput() != null) {
                c.addProperty("inputsPerSecond", e.throughput().inputsPerSecond());
            }
            String verdict = verdict(e);
            c.addProperty("verdict", verdict);
            JsonObject rates = new JsonObject();
            for (Outcome o : Outcome.values()) {
                rates.add(o.name(), rate(result.rate(o)));
            }
            rates.add("SDC+CRITICAL+DUE", rate(result.rate(Tables.FAILURES, 0.95)));
            c.add("rates", rates);
            JsonArray gates = new JsonArray();
            e.verdicts().forEach(v -> gates.add(StatisticsTables.gate(v)));
            c.add("gates", gates);
            JsonArray cells = StatisticsTables.layerAndBit(result);
            if (cells.size() > 0) {
                c.add("byLayerAndBit", cells);
            }
            if (e.gateFailure() != null) {
                c.addProperty("failure", e.gateFailure().getMessage());
            }
            campaigns.add(c);
            totals.merge("campaigns", 1, Integer::sum);
            // a shard's verdicts count under their kind, and among the provisional ones
            totals.merge(verdict.replace("PROVISIONAL_", "").toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
            if (e.provisional()) {
                totals.merge("provisional", 1, Integer::sum);
            }
        }
        JsonArray properties = new JsonArray();
        for (PropertyEvent e : run.properties()) {
            JsonObject p = new JsonObject();
            p.addProperty("class", e.testClass().getName());
            p.addProperty("method", e.methodName());
            p.addProperty("name", e.propertyName());
            p.addProperty("variant", String.valueOf(e.variant()));
            p.addProperty("bits", String.valueOf(e.info().bits()));
            p.addProperty("faultModel", String.valueOf(e.info().faultModel()));
            p.addProperty("seed", e.info().seed());
            p.addProperty("tries", e.tries());
            p.addProperty("lastTry", e.tryIndex() + 1);
            p.addProperty("verdict", e.outcome() == PropertyEvent.TryOutcome.FALSIFIED ? "FALSIFIED" : "PASSED");
            p.addProperty("statistics", e.statistics());
            if (e.failure() != null) {
                p.addProperty("counterexample", e.failure().getMessage());
            }
            properties.add(p);
            totals.merge("properties", 1, Integer::sum);
            if (e.outcome() == PropertyEvent.TryOutcome.FALSIFIED) {
                totals.merge("falsified", 1, Integer::sum);
            }
        }
        JsonObject t = new JsonObject();
        totals.forEach(t::addProperty);
        root.add("totals", t);
        root.add("campaigns", campaigns);
        root.add("properties", properties);
        return root;
    }

    static JsonObject rate(Rate r) {
        JsonObject o = new JsonObject();
        o.addProperty("count", r.count());
        o.addProperty("trials", r.trials());
        o.addProperty("rate", r.estimate());
        o.addProperty("lower", r.lower());
        o.addProperty("upper", r.upper());
        o.addProperty("confidence", r.confidence());
        o.addProperty("method", r.method().name());
        return o;
    }

    public static void write(Recorder run, Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            String text = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
                    .toJson(json(run));
            Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run summary " + file.toAbsolutePath(), e);
        }
    }
}
