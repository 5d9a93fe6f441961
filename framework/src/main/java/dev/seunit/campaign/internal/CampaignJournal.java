package dev.seunit.campaign.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.seunit.campaign.CampaignInfo;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.Outcome;
import dev.seunit.campaign.Shard;
import dev.seunit.fault.FaultScenario;

/**
 * The records of one campaign, appended to a JSON-lines file named by the campaign's
 * fingerprint (model parameters, inputs, fault space, sampler, budget and seed), so that a
 * campaign that was killed resumes where it stopped: no record is lost and none is repeated.
 * Records are flushed to the file every {@value #FLUSH_EVERY} injections and when the
 * campaign ends; a line cut short by a kill is dropped on resume.
 *
 * <p>Used by {@link dev.seunit.campaign.Campaign} (enable it with the builder's journal
 * directory, or {@code seunit.journal.dir} in JUnit tests).
 */
@API(status = INTERNAL, since = "0.1")
public final class CampaignJournal implements AutoCloseable {

    static final int FLUSH_EVERY = 32;
    private static final int VERSION = 1;

    /** The results of one journaled injection; the scenario comes from the campaign's plan. */
    private record Entry(List<Long> wordsBefore, List<Long> wordsAfter, Outcome outcome, long changed,
            long predictions, double maxAbsDelta, long nonFinite, double metric, long nanos, String error) {

        InjectionRecord toRecord(int index, FaultScenario scenario) {
            return error != null ? InjectionRecord.due(index, scenario, wordsBefore, wordsAfter, error, nanos)
                    : InjectionRecord.of(index, scenario, wordsBefore, wordsAfter, outcome, changed, predictions,
                            maxAbsDelta, nonFinite, metric, nanos);
        }
    }

    private final Path file;
    private final Map<Integer, Entry> done;
    private final BufferedWriter out;
    private int unflushed;

    private CampaignJournal(Path file, Map<Integer, Entry> done, BufferedWriter out) {
        this.file = file;
        this.done = done;
        this.out = out;
    }

    /**
     * Opens the journal of {@code info} in {@code directory}: reads what an earlier run recorded
     * (unless {@code fresh}, which starts it anew) and appends from there.
     */
    public static CampaignJournal open(Path directory, CampaignInfo info, boolean fresh) {
        return open(directory, info, Shard.whole(), fresh);
    }

    /**
     * Opens the journal of {@code shard} of {@code info} (its file name says which shard, so
     * that the journals of a CI matrix can be gathered in one directory).
     */
    public static CampaignJournal open(Path directory, CampaignInfo info, Shard shard, boolean fresh) {
        Path file = directory.resolve(fileName(info, shard));
        try {
            Files.createDirectories(directory);
            Map<Integer, Entry> done = new HashMap<>();
            if (fresh || !Files.exists(file)) {
                Files.writeString(file, header(info, shard) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            } else {
                readInto(file, info, shard, done);
            }
            BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return new CampaignJournal(file, done, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the journal directory " + directory.toAbsolutePath() + ": "
                    + e.getMessage() + ". Make it writable or point seunit.journal.dir (or Campaign.Builder.journal) "
                    + "elsewhere", e);
        }
    }

    public Path file() {
        return file;
    }

    /** How many injections an earlier run recorded. */
    public int recorded() {
        return done.size();
    }

    /** The journaled record of plan index {@code index}, or null if it still has to run. */
    public InjectionRecord recorded(int index, FaultScenario scenario) {
        Entry e = done.get(index);
        return e == null ? null : e.toRecord(index, scenario);
    }

    public void append(InjectionRecord r) {
        JsonObject line = new JsonObject();
        line.addProperty("i", r.index());
        line.add("wb", longs(r.wordsBefore()));
        line.add("wa", longs(r.wordsAfter()));
        line.addProperty("o", r.outcome().name());
        line.addProperty("c", r.changedPredictions());
        line.addProperty("p", r.predictions());
        line.addProperty("d", String.valueOf(r.maxAbsDelta()));
        line.addProperty("nf", r.nonFinite());
        line.addProperty("m", String.valueOf(r.metric()));
        line.addProperty("ns", r.nanos());
        if (r.error() != null) {
            line.addProperty("e", r.error());
        }
        try {
            out.write(line.toString());
            out.write('\n');
            if (++unflushed >= FLUSH_EVERY) {
                flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the journal " + file + ": " + e.getMessage(), e);
        }
    }

    void flush() throws IOException {
        out.flush();
        unflushed = 0;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** The journal file of {@code shard} of {@code info}: {@code <name>-<fingerprint>[.shard-i-of-n].jsonl}. */
    public static String fileName(CampaignInfo info, Shard shard) {
        return safe(info.name()) + "-" + info.fingerprint().substring(0, 16)
                + (shard.isWhole() ? "" : ".shard-" + shard.index() + "-of-" + shard.count()) + ".jsonl";
    }

    /** Matches the journal file of any shard of a campaign named {@code name}: fingerprint, i, n. */
    public static Pattern shardFiles(String name) {
        return Pattern.compile(Pattern.quote(safe(name)) + "-([0-9a-f]{16})\\.shard-(\\d+)-of-(\\d+)\\.jsonl");
    }

    /** What a journal file holds: its header and the records it has, by plan index. */
    public static final class Contents {
        private final JsonObject header;
        private final Map<Integer, Entry> entries;

        private Contents(JsonObject header, Map<Integer, Entry> entries) {
            this.header = header;
            this.entries = entries;
        }

        /** A header field ("fingerprint", "campaign", "seed", "planned", "shard", "modelChecksum", ...), or "". */
        public String header(String field) {
            return header.has(field) ? header.get(field).getAsString() : "";
        }

        /** The plan indices recorded. */
        public java.util.Set<Integer> indices() {
            return java.util.Collections.unmodifiableSet(entries.keySet());
        }

        /** The record of plan index {@code index}, whose scenario comes from the plan. */
        public InjectionRecord record(int index, FaultScenario scenario) {
            return entries.get(index).toRecord(index, scenario);
        }
    }

    /** Reads a journal file (a line cut short by a kill is ignored, the file is not changed). */
    public static Contents read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                throw new IllegalStateException("journal " + file + " is empty: the job that wrote it did not start");
            }
            JsonObject header = JsonParser.parseString(lines.get(0)).getAsJsonObject();
            Map<Integer, Entry> entries = new HashMap<>();
            for (String text : lines.subList(1, lines.size())) {
                try {
                    entries.putAll(parse(List.of(text)));
                } catch (RuntimeException cutShort) {
                    // the last line of a killed job; the rest of the file is sound
                }
            }
            return new Contents(header, entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + file + ": " + e.getMessage(), e);
        }
    }

    private static String header(CampaignInfo info, Shard shard) {
        JsonObject header = new JsonObject();
        header.addProperty("seunitJournal", VERSION);
        header.addProperty("fingerprint", info.fingerprint());
        header.addProperty("campaign", info.name());
        header.addProperty("seed", info.seed());
        header.addProperty("planned", info.plannedInjections());
        header.addProperty("shard", shard.toString());
        header.addProperty("budget", info.budget().toString());
        header.addProperty("modelChecksum", info.parameterChecksum());
        header.addProperty("execution", info.execution().name());
        header.addProperty("faultSpace", info.spaceSize());
        return header.toString();
    }

    private static void readInto(Path file, CampaignInfo info, Shard shard, Map<Integer, Entry> done)
            throws IOException {
        dropCutLine(file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            Files.writeString(file, header(info, shard) + "\n", StandardCharsets.UTF_8);
            return;
        }
        JsonObject header = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        if (!info.fingerprint().equals(header.get("fingerprint").getAsString())) {
            throw new IllegalStateException("journal " + file + " belongs to another campaign (fingerprint "
                    + header.get("fingerprint").getAsString() + ", this one " + info.fingerprint()
                    + "); delete it or ask for a fresh run");
        }
        done.putAll(parse(lines.subList(1, lines.size())));
    }

    private static Map<Integer, Entry> parse(List<String> lines) {
        Map<Integer, Entry> entries = new HashMap<>();
        for (String text : lines) {
            JsonObject line = JsonParser.parseString(text).getAsJsonObject();
            entries.put(line.get("i").getAsInt(), new Entry(longs(line.getAsJsonArray("wb")),
                    longs(line.getAsJsonArray("wa")), Outcome.valueOf(line.get("o").getAsString()),
                    line.get("c").getAsLong(), line.get("p").getAsLong(), Double.parseDouble(line.get("d").getAsString()),
                    line.get("nf").getAsLong(), Double.parseDouble(line.get("m").getAsString()),
                    line.get("ns").getAsLong(), line.has("e") ? line.get("e").getAsString() : null));
        }
        return entries;
    }

    /** A kill can leave half a line: cut the file back to its last complete line. */
    private static void dropCutLine(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long end = raf.length();
            long keep = end;
            while (keep > 0) {
                raf.seek(keep - 1);
                if (raf.read() == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < end) {
                raf.setLength(keep);
            }
        }
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

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
