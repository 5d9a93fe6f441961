package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apiguardian.api.API;

import dev.seunit.campaign.internal.CampaignJournal;
import dev.seunit.fault.FaultScenario;

/**
 * One campaign's records gathered from the journals its shards wrote (CI jobs run with
 * {@link Campaign.Builder#shard}, each journaling its share), checked to be this campaign's and
 * to cover its plan: the records the unsharded campaign would have, in plan order. Decide gates
 * on the result with {@link GateVerdicts#decide}.
 *
 * <p>Checked, each with an error that names the file and the fix:
 * <ul>
 *   <li>every shard file of a campaign with this name must have this campaign's fingerprint (a
 *       shard run on another model, inputs, seed or settings is foreign);</li>
 *   <li>all files must agree on the number of shards n, and each shard 0..n-1 must be there
 *       exactly once;</li>
 *   <li>each shard must have recorded every planned injection of its share and no other.</li>
 * </ul>
 */
@API(status = EXPERIMENTAL, since = "0.2")
public final class CampaignShards {

    private CampaignShards() {
    }

    /**
     * The union of the shards' records of {@code campaign} found in {@code directories} (each
     * searched at its top level, for files named as {@link Campaign.Builder#shard} journals them).
     *
     * @throws IllegalStateException when a shard is missing, foreign, repeated or incomplete
     */
    public static CampaignResult union(Campaign campaign, Collection<Path> directories) {
        CampaignInfo info = campaign.info();
        Pattern files = CampaignJournal.shardFiles(info.name());
        List<Path> found = new ArrayList<>();
        for (Path dir : directories) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> list = Files.list(dir)) {
                    list.filter(f -> files.matcher(f.getFileName().toString()).matches()).sorted().forEach(found::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
                }
            }
        }
        String where = directories.stream().map(Path::toString).collect(Collectors.joining(", "));
        if (found.isEmpty()) {
            throw new IllegalStateException("no shard journal of campaign '" + info.name() + "' in " + where + ": run "
                    + "the shards with seunit.shard=i/n (and seunit.journal.dir), then gather their journal "
                    + "directories there");
        }
        Map<Integer, Path> byIndex = new TreeMap<>();
        Map<Integer, CampaignJournal.Contents> contents = new TreeMap<>();
        int shards = -1;
        for (Path file : found) {
            Matcher m = files.matcher(file.getFileName().toString());
            m.matches();
            CampaignJournal.Contents journal = CampaignJournal.read(file);
            if (!info.fingerprint().equals(journal.header("fingerprint"))) {
                throw new IllegalStateException("shard journal " + file + " belongs to another campaign named '"
                        + info.name() + "' (fingerprint " + journal.header("fingerprint") + ", this one "
                        + info.fingerprint() + "): " + difference(info, journal) + ". Every shard must run the same "
                        + "commit, model, inputs and settings; remove the foreign file or rerun that shard");
            }
            int index = Integer.parseInt(m.group(2));
            int count = Integer.parseInt(m.group(3));
            if (shards >= 0 && count != shards) {
                throw new IllegalStateException("shard journals of '" + info.name() + "' disagree on the number of "
                        + "shards: " + byIndex.values().iterator().next() + " is one of " + shards + ", " + file
                        + " one of " + count + "; gather the journals of one CI matrix only");
            }
            shards = count;
            Path before = byIndex.putIfAbsent(index, file);
            if (before != null) {
                throw new IllegalStateException("shard " + index + "/" + count + " of '" + info.name()
                        + "' is there twice: " + before + " and " + file + "; keep one");
            }
            contents.put(index, journal);
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            if (!byIndex.containsKey(i)) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            int n = shards;
            boolean one = missing.size() == 1;
            throw new IllegalStateException((one ? "shard " : "shards ") + missing.stream().map(i -> i + "/" + n)
                    .collect(Collectors.joining(", ")) + " of campaign '" + info.name() + "' " + (one ? "is" : "are")
                    + " missing from " + where + " (found " + byIndex.keySet().stream().map(i -> i + "/" + n)
                    .collect(Collectors.joining(", ")) + "): run " + (one ? "that job" : "those jobs") + " with "
                    + "seunit.shard and gather " + (one ? "its journal directory" : "their journal directories")
                    + " with the others");
        }
        List<FaultScenario> plan = campaign.scenarios();
        List<InjectionRecord> records = new ArrayList<>(plan.size());
        long nanos = 0;
        for (Map.Entry<Integer, CampaignJournal.Contents> e : contents.entrySet()) {
            Shard shard = new Shard(e.getKey(), shards);
            CampaignJournal.Contents journal = e.getValue();
            int[] share = shard.planIndices(0, plan.size());
            long recorded = journal.indices().stream().filter(i -> i < plan.size() && shard.owns(i)).count();
            if (recorded != journal.indices().size()) {
                throw new IllegalStateException("shard journal " + byIndex.get(e.getKey()) + " holds injections that "
                        + "are not shard " + shard + "'s; it was not written by that shard of this plan");
            }
            if (recorded < share.length) {
                throw new IllegalStateException("shard " + shard + " of '" + info.name() + "' recorded " + recorded
                        + " of its " + share.length + " planned injections (" + byIndex.get(e.getKey()) + "): the job "
                        + "did not finish. Run it again with the same seunit.journal.dir: it resumes where it stopped");
            }
            for (int index : share) {
                InjectionRecord r = journal.record(index, plan.get(index));
                records.add(r);
                nanos += r.nanos();
            }
        }
        return CampaignResult.ofShards(List.of(new CampaignResult(info, records, nanos)));
    }

    /** Which of the fields every shard journal states differ from this campaign. */
    private static String difference(CampaignInfo info, CampaignJournal.Contents journal) {
        List<String> differ = new ArrayList<>();
        compare(differ, "model parameters", info.parameterChecksum(), journal.header("modelChecksum"));
        compare(differ, "seed", String.valueOf(info.seed()), journal.header("seed"));
        compare(differ, "budget", info.budget().toString(), journal.header("budget"));
        compare(differ, "planned injections", String.valueOf(info.plannedInjections()), journal.header("planned"));
        compare(differ, "fault space", String.valueOf(info.spaceSize()), journal.header("faultSpace"));
        compare(differ, "execution", info.execution().name(), journal.header("execution"));
        return differ.isEmpty() ? "the inputs, golden outputs or fault settings differ" : String.join(", ", differ);
    }

    private static void compare(List<String> differ, String what, String mine, String theirs) {
        if (!theirs.isEmpty() && !mine.equals(theirs)) {
            differ.add("its " + what + " " + theirs + " against " + mine);
        }
    }
}
