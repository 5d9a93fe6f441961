package dev.seunit.campaign.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.google.gson.stream.JsonWriter;

import dev.seunit.campaign.CampaignInfo;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.Outcome;
import dev.seunit.campaign.OutcomeCounts;
import dev.seunit.campaign.Strata;
import dev.seunit.fault.Fault;
import dev.seunit.stats.Rate;

/** CSV and JSON renderings of campaign results. */
@API(status = INTERNAL, since = "0.1")
public final class ResultFormats {

    private ResultFormats() {
    }

    public static String csv(List<InjectionRecord> records) {
        StringBuilder s = new StringBuilder(
                "index,faults,site,layer,bits,format,word_before,word_after,value_before,value_after,outcome,"
                        + "changed_predictions,predictions,mismatch_rate,max_abs_delta,non_finite,metric,nanos,error\n");
        for (InjectionRecord r : records) {
            Fault f = r.fault();
            s.append(r.index()).append(',')
                    .append(r.scenario().size()).append(',')
                    .append(quote(r.scenario().faults().stream().map(x -> x.site().toString()).collect(Collectors.joining(" "))))
                    .append(',').append(quote(f.site().layer())).append(',')
                    .append(quote(r.scenario().faults().stream().map(x -> java.util.Arrays.toString(x.bits()))
                            .collect(Collectors.joining(" "))))
                    .append(',').append(f.format()).append(',')
                    .append(hex(r.wordsBefore())).append(',').append(hex(r.wordsAfter())).append(',')
                    .append(number(r.valueBefore())).append(',').append(number(r.valueAfter())).append(',')
                    .append(r.outcome()).append(',').append(r.changedPredictions()).append(',')
                    .append(r.predictions()).append(',').append(number(r.mismatchRate())).append(',')
                    .append(number(r.maxAbsDelta())).append(',').append(r.nonFinite()).append(',')
                    .append(number(r.metric())).append(',').append(r.nanos()).append(',')
                    .append(r.error() == null ? "" : quote(r.error())).append('\n');
        }
        return s.toString();
    }

    public static String json(CampaignResult result) {
        StringWriter out = new StringWriter();
        try (JsonWriter w = new JsonWriter(out)) {
            w.setIndent("  ");
            w.setSerializeNulls(false);
            w.beginObject();
            CampaignInfo info = result.info();
            w.name("campaign").beginObject();
            w.name("name").value(info.name());
            w.name("model").value(info.model());
            w.name("target").value(info.target().name());
            w.name("layers").value(info.layers());
            w.name("kinds").value(info.kinds().toString());
            w.name("bits").value(info.bits().toString());
            w.name("faultModel").value(info.faultModel().toString());
            w.name("faultsPerInference").value(info.faultsPerInference());
            w.name("budget").value(info.budget().toString());
            w.name("sampler").value(info.sampler().name());
            w.name("strata").value(info.strata().name());
            if (info.strata() != Strata.NONE) {
                w.name("strataSizes").beginObject();
                for (Map.Entry<String, Long> e : info.strataSizes().entrySet()) {
                    w.name(e.getKey()).value(e.getValue());
                }
                w.endObject();
            }
            w.name("seed").value(info.seed());
            w.name("task").value(info.task().toString());
            w.name("criticalShare").value(info.criticalShare());
            w.name("faultSpaceSize").value(info.spaceSize());
            w.name("inputs").value(info.inputs());
            w.name("parameterChecksum").value(info.parameterChecksum());
            finite(w, "goldenMetric", info.goldenMetric());
            w.endObject();
            w.name("scope").value(result.scope());
            w.name("injections").value(result.injections());
            w.name("elapsedSeconds").value(result.elapsedNanos() / 1e9);
            w.name("injectionsPerSecond").value(result.injectionsPerSecond());
            w.name("rates");
            rates(w, result);
            w.name("byLayer");
            breakdown(w, result.byLayer());
            w.name("byBit");
            breakdown(w, result.byBit());
            if (info.strata() == Strata.LAYER_AND_BIT) {
                w.name("byLayerAndBit").beginObject();
                for (Map.Entry<String, Map<Integer, OutcomeCounts>> layer : result.byLayerAndBit().entrySet()) {
                    w.name(layer.getKey());
                    breakdown(w, layer.getValue());
                }
                w.endObject();
            }
            w.name("byBitRole");
            breakdown(w, result.byBitRole());
            w.name("byMagnitude");
            breakdown(w, result.byMagnitude());
            w.name("records").beginArray();
            for (InjectionRecord r : result.records()) {
                w.beginObject();
                w.name("index").value(r.index());
                w.name("faults").beginArray();
                for (int i = 0; i < r.scenario().size(); i++) {
                    Fault f = r.scenario().faults().get(i);
                    w.beginObject();
                    w.name("site").value(f.site().toString());
                    w.name("layer").value(f.site().layer());
                    w.name("bits").value(java.util.Arrays.toString(f.bits()));
                    w.name("format").value(f.format().name());
                    w.name("wordBefore").value("0x" + Long.toHexString(r.wordsBefore().get(i)));
                    w.name("wordAfter").value("0x" + Long.toHexString(r.wordsAfter().get(i)));
                    w.name("valueBefore").value(number(f.format().decode(r.wordsBefore().get(i))));
                    w.name("valueAfter").value(number(f.format().decode(r.wordsAfter().get(i))));
                    w.endObject();
                }
                w.endArray();
                w.name("outcome").value(r.outcome().name());
                w.name("changedPredictions").value(r.changedPredictions());
                w.name("predictions").value(r.predictions());
                finite(w, "maxAbsDelta", r.maxAbsDelta());
                w.name("nonFinite").value(r.nonFinite());
                finite(w, "metric", r.metric());
                w.name("nanos").value(r.nanos());
                w.name("error").value(r.error());
                w.endObject();
            }
            w.endArray();
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void rates(JsonWriter w, CampaignResult result) throws IOException {
        w.beginObject();
        for (Outcome o : Outcome.values()) {
            Rate rate = result.rate(o);
            w.name(o.name()).beginObject();
            w.name("count").value(rate.count());
            w.name("rate").value(rate.estimate());
            w.name("lower").value(rate.lower());
            w.name("upper").value(rate.upper());
            w.name("confidence").value(rate.confidence());
            w.name("method").value(rate.method().name());
            w.endObject();
        }
        w.endObject();
    }

    private static void breakdown(JsonWriter w, Map<?, OutcomeCounts> groups) throws IOException {
        w.beginObject();
        for (Map.Entry<?, OutcomeCounts> e : groups.entrySet()) {
            w.name(String.valueOf(e.getKey()));
            w.beginObject();
            w.name("injections").value(e.getValue().total());
            for (Outcome o : Outcome.values()) {
                w.name(o.name()).value(e.getValue().count(o));
            }
            w.endObject();
        }
        w.endObject();
    }

    private static void finite(JsonWriter w, String name, double value) throws IOException {
        if (Double.isFinite(value)) {
            w.name(name).value(value);
        } else if (!Double.isNaN(value)) {
            w.name(name).value(value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.9g", v) : String.valueOf(v);
    }

    private static String hex(List<Long> words) {
        return words.stream().map(w -> "0x" + Long.toHexString(w)).collect(Collectors.joining(" "));
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains(" ") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
