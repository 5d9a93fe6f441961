package dev.seunit.campaign.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.apiguardian.api.API;

import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.Outcome;
import dev.seunit.fault.FaultScenario;

/**
 * An injection's results without its scenario, which the reader takes from the campaign's plan:
 * the compact form records travel in, as a journal line ({@link #toJson()}) or as a serializable
 * value between the machines of a cluster.
 */
@API(status = INTERNAL, since = "0.1")
public record RecordEntry(int index, List<Long> wordsBefore, List<Long> wordsAfter, Outcome outcome, long changed,
        long predictions, double maxAbsDelta, long nonFinite, double metric, long nanos, String error)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public static RecordEntry of(InjectionRecord r) {
        return new RecordEntry(r.index(), new ArrayList<>(r.wordsBefore()), new ArrayList<>(r.wordsAfter()),
                r.outcome(), r.changedPredictions(), r.predictions(), r.maxAbsDelta(), r.nonFinite(), r.metric(),
                r.nanos(), r.error());
    }

    /** The record of plan scenario {@code scenario}. */
    public InjectionRecord toRecord(FaultScenario scenario) {
        return error != null ? InjectionRecord.due(index, scenario, wordsBefore, wordsAfter, error, nanos)
                : InjectionRecord.of(index, scenario, wordsBefore, wordsAfter, outcome, changed, predictions,
                        maxAbsDelta, nonFinite, metric, nanos);
    }

    /** One journal line; doubles as text so that NaN and infinities survive. */
    public JsonObject toJson() {
        JsonObject line = new JsonObject();
        line.addProperty("i", index);
        line.add("wb", longs(wordsBefore));
        line.add("wa", longs(wordsAfter));
        line.addProperty("o", outcome.name());
        line.addProperty("c", changed);
        line.addProperty("p", predictions);
        line.addProperty("d", String.valueOf(maxAbsDelta));
        line.addProperty("nf", nonFinite);
        line.addProperty("m", String.valueOf(metric));
        line.addProperty("ns", nanos);
        if (error != null) {
            line.addProperty("e", error);
        }
        return line;
    }

    public static RecordEntry fromJson(JsonObject line) {
        return new RecordEntry(line.get("i").getAsInt(), longs(line.getAsJsonArray("wb")),
                longs(line.getAsJsonArray("wa")), Outcome.valueOf(line.get("o").getAsString()),
                line.get("c").getAsLong(), line.get("p").getAsLong(), Double.parseDouble(line.get("d").getAsString()),
                line.get("nf").getAsLong(), Double.parseDouble(line.get("m").getAsString()), line.get("ns").getAsLong(),
                line.has("e") ? line.get("e").getAsString() : null);
    }

    private static JsonArray longs(List<Long> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }

    private static List<Long> longs(JsonArray array) {
        List<Long> values = new ArrayList<>(array.size());
        for (JsonElement e : array) {
            values.add(e.getAsLong());
        }
        return values;
    }
}
