package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apiguardian.api.API;

import dev.seunit.campaign.internal.ResultFormats;
import dev.seunit.fault.BitRole;
import dev.seunit.model.NamePattern;
import dev.seunit.stats.MagnitudeBucket;
import dev.seunit.stats.Rate;
import dev.seunit.stats.StratumSample;

/**
 * The records of a campaign and what they add up to: outcome rates with confidence intervals,
 * and breakdowns by layer, bit and parameter magnitude.
 *
 * <p>Rates estimate the rate over the campaign's fault space. From a uniform plan that is the
 * share of the records, with its Clopper-Pearson interval. From a stratified plan (a Leveugle
 * sample per layer, or per layer and bit: see {@link CampaignInfo#strata()}) small strata are
 * sampled far above their share of the space, so each stratum is weighted by its size instead
 * ({@link Rate#stratified}). A subset ({@link #where}, {@link #layer}, {@link #bit}) estimates
 * the rate over the faults of the space it selects: each stratum's part of the subset is
 * weighted by the stratum's size times the share of the stratum's records the subset keeps.
 * The breakdowns ({@link #byLayer()}, {@link #byBit()}, ...) are plain counts.
 */
@API(status = MAINTAINED, since = "0.1")
public final class CampaignResult {

    /** Most severe first: DUE, CRITICAL, SDC, BENIGN, MASKED; then more changed predictions, larger deltas. */
    public static final Comparator<InjectionRecord> SEVERITY = Comparator
            .comparing((InjectionRecord r) -> r.outcome().ordinal()).reversed()
            .thenComparing(Comparator.comparingDouble(InjectionRecord::mismatchRate).reversed())
            // NaN (a BENIGN fault FAST certified without computing the output) as the smallest delta
            .thenComparing(Comparator.comparingDouble((InjectionRecord r) -> Double.isNaN(r.maxAbsDelta()) ? -1
                    : r.maxAbsDelta()).reversed())
            .thenComparingInt(InjectionRecord::index);

    private final CampaignInfo info;
    private final List<InjectionRecord> records;
    private final long elapsedNanos;
    private final String scope;
    private final OutcomeCounts counts;
    private final EngineStatistics engine;
    /** Records per stratum in the sample this result was cut from (its own records unless it is a subset). */
    private final Map<String, Long> sampledPerStratum;

    /** A result read back or assembled from records, with nothing known of the engine that made them. */
    public CampaignResult(CampaignInfo info, List<InjectionRecord> records, long elapsedNanos) {
        this(info, records, elapsedNanos, EngineStatistics.none());
    }

    public CampaignResult(CampaignInfo info, List<InjectionRecord> records, long elapsedNanos,
            EngineStatistics engine) {
        this(info, records, elapsedNanos, "", engine, null);
    }

    private CampaignResult(CampaignInfo info, List<InjectionRecord> records, long elapsedNanos, String scope,
            EngineStatistics engine, Map<String, Long> sampledPerStratum) {
        this.info = info;
        this.records = List.copyOf(records);
        this.elapsedNanos = elapsedNanos;
        this.scope = scope;
        this.counts = OutcomeCounts.of(this.records);
        this.engine = java.util.Objects.requireNonNull(engine);
        this.sampledPerStratum = sampledPerStratum != null ? sampledPerStratum : perStratum(this.records);
    }

    private Map<String, Long> perStratum(List<InjectionRecord> of) {
        Map<String, Long> n = new LinkedHashMap<>();
        Strata strata = info.strata();
        for (InjectionRecord r : of) {
            n.merge(strata.keyOf(r.fault()), 1L, Long::sum);
        }
        return n;
    }

    public CampaignInfo info() {
        return info;
    }

    public List<InjectionRecord> records() {
        return records;
    }

    public int injections() {
        return records.size();
    }

    /** What subset of the campaign this result covers ("" for all of it), e.g. {@code layer=conv1*}. */
    public String scope() {
        return scope;
    }

    public long elapsedNanos() {
        return elapsedNanos;
    }

    /** What the engine did to make these records (for a subset: the whole run's). */
    public EngineStatistics engineStatistics() {
        return engine;
    }

    public double injectionsPerSecond() {
        return elapsedNanos == 0 ? 0 : records.size() / (elapsedNanos / 1e9);
    }

    public OutcomeCounts counts() {
        return counts;
    }

    public long count(Outcome outcome) {
        return counts.count(outcome);
    }

    /**
     * The rate of any of {@code outcomes} over the fault space, with its 95% interval:
     * Clopper-Pearson for a uniform plan, weighted by stratum for a stratified one.
     */
    public Rate rate(Outcome... outcomes) {
        return rate(0.95, outcomes);
    }

    public Rate rate(double confidence, Outcome... outcomes) {
        if (outcomes.length == 0) {
            throw new IllegalArgumentException("name at least one outcome");
        }
        return rate(EnumSet.of(outcomes[0], outcomes), confidence);
    }

    public Rate rate(Set<Outcome> outcomes, double confidence) {
        if (info.strata() == Strata.NONE) {
            return counts.rate(outcomes, confidence);
        }
        Map<String, long[]> seen = new LinkedHashMap<>(); // stratum -> {records, of the outcomes}
        for (InjectionRecord r : records) {
            long[] c = seen.computeIfAbsent(info.strata().keyOf(r.fault()), k -> new long[2]);
            c[0]++;
            c[1] += outcomes.contains(r.outcome()) ? 1 : 0;
        }
        List<StratumSample> strata = new java.util.ArrayList<>(seen.size());
        seen.forEach((key, c) -> {
            long size = info.strataSizes().getOrDefault(key, 0L);
            long sampled = sampledPerStratum.getOrDefault(key, c[0]);
            // a stratum enumerated whole (a census) is known exactly, in any subset of it too
            boolean census = sampled >= size && info.faultsPerInference() == 1;
            strata.add(new StratumSample((double) size * c[0] / sampled, c[0], c[1], census));
        });
        return Rate.stratified(strata, confidence);
    }

    /**
     * The records of the first {@code planned} injections of the plan (plan index below it), as
     * a sample of its own: what the campaign had seen when it had run that far.
     */
    public CampaignResult planPrefix(int planned) {
        List<InjectionRecord> kept = records.stream().filter(r -> r.index() < planned).collect(Collectors.toList());
        long nanos = kept.stream().mapToLong(InjectionRecord::nanos).sum();
        // the engine's statistics stay those of the whole run: they are not kept per injection
        return new CampaignResult(info, kept, kept.size() == records.size() ? elapsedNanos : nanos, scope, engine,
                null);
    }

    /** This result and {@code more} of the same campaign, as one (records in this order, times added). */
    public CampaignResult merge(CampaignResult more) {
        if (!more.info.equals(info)) {
            throw new IllegalArgumentException("cannot merge results of different campaigns: " + info.name() + " and "
                    + more.info.name());
        }
        List<InjectionRecord> all = new java.util.ArrayList<>(records);
        all.addAll(more.records);
        Map<String, Long> sampled = new LinkedHashMap<>(sampledPerStratum);
        more.sampledPerStratum.forEach((k, n) -> sampled.merge(k, n, Long::sum));
        return new CampaignResult(info, all, elapsedNanos + more.elapsedNanos, scope, engine.plus(more.engine),
                sampled);
    }

    /**
     * The results of the shards of one campaign (e.g. CI jobs run with {@code seunit.shard=i/n}),
     * as one result in plan order; equal to the unsharded run's records.
     */
    public static CampaignResult ofShards(List<CampaignResult> shards) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("give at least one shard result");
        }
        CampaignResult all = shards.get(0);
        for (CampaignResult shard : shards.subList(1, shards.size())) {
            all = all.merge(shard);
        }
        List<InjectionRecord> sorted = all.records.stream().sorted(Comparator.comparingInt(InjectionRecord::index))
                .collect(Collectors.toList());
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).index() == sorted.get(i - 1).index()) {
                throw new IllegalArgumentException("plan index " + sorted.get(i).index() + " is in two shards; give "
                        + "each shard once");
            }
        }
        return new CampaignResult(all.info, sorted, all.elapsedNanos, all.scope, all.engine,
                all.sampledPerStratum);
    }

    /** The {@code n} most severe injections. */
    public List<InjectionRecord> worst(int n) {
        return records.stream().sorted(SEVERITY).limit(n).collect(Collectors.toList());
    }

    /** The records {@code filter} keeps, as a result of its own; {@code description} names the subset. */
    public CampaignResult where(Predicate<InjectionRecord> filter, String description) {
        List<InjectionRecord> kept = records.stream().filter(filter).collect(Collectors.toList());
        return new CampaignResult(info, kept, elapsedNanos, scope.isEmpty() ? description : scope + ", " + description,
                engine, sampledPerStratum);
    }

    /** Injections whose first fault lies in a layer (or parameter) matching the glob or {@code regex:} pattern. */
    public CampaignResult layer(String pattern) {
        NamePattern p = NamePattern.of(pattern);
        return where(r -> p.matches(r.fault().site().layer()) || p.matches(r.fault().site().name()), "layer=" + pattern);
    }

    /** Injections whose first fault's top bit is {@code bit}. */
    public CampaignResult bit(int bit) {
        return where(r -> r.fault().topBit() == bit, "bit=" + bit);
    }

    /**
     * By the layer of each first fault, in the network's forward order
     * ({@link CampaignInfo#layerOrder()}), not in the order the faults were drawn.
     */
    public Map<String, OutcomeCounts> byLayer() {
        Map<String, OutcomeCounts> drawn = group(r -> r.fault().site().layer(), new LinkedHashMap<>());
        Map<String, OutcomeCounts> forward = new LinkedHashMap<>();
        for (String layer : info.layerOrder()) {
            OutcomeCounts counts = drawn.remove(layer);
            if (counts != null) {
                forward.put(layer, counts);
            }
        }
        forward.putAll(drawn); // layers the order does not know (none for a campaign's own records)
        return forward;
    }

    /** By the top bit each first fault addresses, ascending. */
    public Map<Integer, OutcomeCounts> byBit() {
        return group(r -> r.fault().topBit(), new TreeMap<>());
    }

    /** By layer, then by the top bit each first fault addresses (ascending): the cells of a layer-and-bit plan. */
    public Map<String, Map<Integer, OutcomeCounts>> byLayerAndBit() {
        Map<String, Map<Integer, OutcomeCounts>> cells = new LinkedHashMap<>();
        for (InjectionRecord r : records) {
            cells.computeIfAbsent(r.fault().site().layer(), k -> new TreeMap<>())
                    .computeIfAbsent(r.fault().topBit(), k -> new OutcomeCounts()).add(r.outcome());
        }
        return cells;
    }

    public Map<BitRole, OutcomeCounts> byBitRole() {
        return group(r -> r.fault().format().roleOf(r.fault().topBit()), new TreeMap<>());
    }

    /** By the magnitude of the value the first fault hit. */
    public Map<MagnitudeBucket, OutcomeCounts> byMagnitude() {
        return group(InjectionRecord::magnitude, new TreeMap<>());
    }

    private <K> Map<K, OutcomeCounts> group(Function<InjectionRecord, K> key, Map<K, OutcomeCounts> into) {
        for (InjectionRecord r : records) {
            into.computeIfAbsent(key.apply(r), k -> new OutcomeCounts()).add(r.outcome());
        }
        return into;
    }

    /** One line per injection, with a header. */
    public String toCsv() {
        return ResultFormats.csv(records);
    }

    /** The campaign, its rates with intervals, breakdowns and every record. */
    public String toJson() {
        return ResultFormats.json(this);
    }

    public void writeCsv(Path file) {
        write(file, toCsv());
    }

    public void writeJson(Path file) {
        write(file, toJson());
    }

    private static void write(Path file, String text) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** A short summary: counts and the rate of each failure outcome. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(info.name()).append(scope.isEmpty() ? "" : " [" + scope + "]").append(": ").append(records.size())
                .append(" injections on ").append(info.model()).append(" (").append(info.faultModel()).append(", ")
                .append(info.bits()).append(", seed ").append(info.seed()).append(")\n");
        for (Outcome o : Outcome.values()) {
            s.append(String.format(java.util.Locale.ROOT, "  %-8s %s%n", o, rate(o)));
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return info.name() + (scope.isEmpty() ? "" : " [" + scope + "]") + ": " + counts;
    }
}
