package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.apiguardian.api.API;

import dev.seunit.campaign.internal.CampaignJournal;
import dev.seunit.campaign.internal.EngineMeter;
import dev.seunit.campaign.internal.Injector;
import dev.seunit.campaign.internal.OutputComparator;
import dev.seunit.campaign.internal.Records;
import dev.seunit.campaign.internal.replay.RunState;
import dev.seunit.campaign.internal.replay.Runner;
import dev.seunit.campaign.internal.replay.Runners;
import dev.seunit.fault.BitSelection;
import dev.seunit.fault.FaultModel;
import dev.seunit.fault.FaultScenario;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.ParameterKind;

/**
 * A seeded fault-injection campaign: a fault space, a sampler, a budget, and the golden run
 * it compares with. Build one with {@link #builder(GoldenRun)}; {@link #run()} injects every
 * planned scenario the way its {@link Execution} says, restoring the model after each and
 * verifying the parameter checksum before and after.
 *
 * <pre>{@code
 * CampaignResult result = Campaign.builder(golden)
 *         .layers("conv*").bits(BitSelection.MSB).budget(Budget.count(1000)).seed(42)
 *         .build().run();
 * }</pre>
 */
@API(status = MAINTAINED, since = "0.1")
public final class Campaign {

    private final GoldenRun golden;
    private final FaultSpace space;
    private final CampaignInfo info;
    private final OutputComparator comparator;
    private final ProgressListener progress;
    private final List<FaultScenario> scenarios;
    private final java.nio.file.Path journalDirectory;
    private final boolean freshJournal;
    private final java.time.Duration timeout;
    private final Execution execution;
    private final Shard shard;
    private final FastOptions fastOptions;

    private Campaign(Builder b) {
        this.golden = b.golden;
        InjectableModel model = golden.model();
        if (b.target == FaultTarget.ACTIVATIONS) {
            model.requireTraceable();
            this.space = FaultSpace.activations(golden.layerOutputs(), b.layers, b.bits, b.faultModel);
        } else {
            this.space = FaultSpace.parameters(model, b.layers, b.kinds, b.bits, b.faultModel);
        }
        this.comparator = golden.comparator(b.task, b.criticalShare);
        this.progress = b.progress;
        Sampler sampler = b.sampler != null ? b.sampler : Sampler.forBudget(b.budget);
        this.scenarios = sampler.draw(space, b.budget, b.faultsPerInference, b.seed);
        // a timeout needs the inference on a worker thread: that is the naive path's job, and the
        // info says what runs, so that reports and journals do not claim another mode
        Execution mode = b.timeout != null ? Execution.NAIVE : b.execution;
        String checksum = model.checksum();
        String fingerprint = sha256(String.join("|", checksum, golden.fingerprint(), b.target.name(), b.layers,
                new java.util.TreeSet<>(b.kinds).toString(), b.bits.toString(), b.faultModel.toString(),
                String.valueOf(b.faultsPerInference), b.budget.toString(), sampler.name(), String.valueOf(b.seed),
                b.task.toString(), String.valueOf(b.criticalShare), String.valueOf(space.size()),
                String.valueOf(scenarios.size()), mode.name()));
        this.info = new CampaignInfo(b.name, model.name(), b.target, b.layers, Set.copyOf(b.kinds), b.bits,
                b.faultModel, b.faultsPerInference, b.budget, sampler, b.seed, b.task, b.criticalShare, space.size(),
                golden.inputCount(), scenarios.size(), checksum, comparator.metricOf(comparator.goldenPredictions()),
                mode, fingerprint, space.strata().stream().map(FaultSpace.Stratum::layer).distinct().toList(),
                space.strataSizes(sampler.strata()));
        this.journalDirectory = b.journalDirectory;
        this.timeout = b.timeout;
        this.freshJournal = b.freshJournal;
        this.execution = mode;
        this.shard = b.shard;
        this.fastOptions = b.fastOptions;
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Builder builder(GoldenRun golden) {
        return new Builder(golden);
    }

    public CampaignInfo info() {
        return info;
    }

    public FaultSpace faultSpace() {
        return space;
    }

    /** The planned scenarios, in the order they run. */
    public List<FaultScenario> scenarios() {
        return scenarios;
    }

    /** The share of the plan this campaign runs and journals: all of it unless {@link Builder#shard} says otherwise. */
    public Shard shard() {
        return shard;
    }

    /** Runs every planned scenario (of this campaign's {@link #shard()}). */
    public CampaignResult run() {
        return run(shard.planIndices(0, scenarios.size()));
    }

    /**
     * Runs the planned scenarios at {@code planIndices} (e.g. one shard, or the next slice of a
     * growing campaign); records keep their plan index. The model's checksum is verified before and after.
     */
    public CampaignResult run(int[] planIndices) {
        List<FaultScenario> selected = new ArrayList<>(planIndices.length);
        for (int index : planIndices) {
            if (index < 0 || index >= scenarios.size()) {
                throw new IndexOutOfBoundsException("plan index " + index + " outside the " + scenarios.size()
                        + " planned scenarios");
            }
            selected.add(scenarios.get(index));
        }
        return execute(selected, planIndices, journalDirectory != null);
    }

    /** Runs scenarios that are not part of the plan (e.g. drawn by a property test), numbered from 0. */
    public CampaignResult run(List<FaultScenario> adHoc) {
        int[] indices = new int[adHoc.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        return execute(adHoc, indices, false);
    }

    private CampaignResult execute(List<FaultScenario> planned, int[] indices, boolean journaled) {
        InjectableModel model = golden.model();
        String before = model.checksum();
        if (!before.equals(info.parameterChecksum())) {
            throw new ModelCorruptedException("the parameters of " + model.name() + " changed since this campaign was "
                    + "planned (checksum " + info.parameterChecksum() + ", now " + before + "); plan it again");
        }
        InjectionRecord[] records = new InjectionRecord[planned.size()];
        EngineMeter meter = new EngineMeter();
        Records recordMaker = new Records(comparator);
        long start = System.nanoTime();
        try (Injector injector = new Injector(golden, recordMaker, timeout);
                CampaignJournal journal = journaled ? CampaignJournal.open(journalDirectory, info, shard, freshJournal)
                        : null) {
            int[] done = {0};
            List<Integer> toRun = new ArrayList<>();
            for (int i = 0; i < planned.size(); i++) {
                records[i] = journal == null ? null : journal.recorded(indices[i], planned.get(i));
                if (records[i] == null) {
                    toRun.add(i);
                } else {
                    progress.progress(info.name(), ++done[0], planned.size(), System.nanoTime() - start);
                }
            }
            RunState run = new RunState(planned, indices, toRun.stream().mapToInt(Integer::intValue).toArray(),
                    (i, record) -> {
                        if (journal != null) {
                            journal.append(record);
                        }
                        records[i] = record;
                        progress.progress(info.name(), ++done[0], planned.size(), System.nanoTime() - start);
                    });
            try (Runner runner = Runners.create(execution, golden, golden.engineCache, recordMaker, injector,
                    fastOptions, meter)) {
                runner.run(run);
            }
        }
        long elapsed = System.nanoTime() - start;
        progress.finished(info.name(), planned.size(), elapsed);
        String after = model.checksum();
        if (!after.equals(before)) {
            throw new ModelCorruptedException("the golden model was not restored after " + planned.size()
                    + " injections: parameter checksum " + before + " before, " + after + " after. Results are void; "
                    + "rerun with " + info.rerunHint());
        }
        return new CampaignResult(info, java.util.Arrays.asList(records), elapsed, meter.snapshot());
    }

    /** One scenario, injected and restored (no checksum: callers that loop verify it themselves). */
    public InjectionRecord inject(int index, FaultScenario scenario) {
        try (Injector injector = new Injector(golden, new Records(comparator), timeout)) {
            return injector.inject(index, scenario);
        }
    }

    /** Configures a {@link Campaign}. */
    @API(status = MAINTAINED, since = "0.1")
    public static final class Builder {
        private final GoldenRun golden;
        private String name = "campaign";
        private FaultTarget target = FaultTarget.PARAMETERS;
        private String layers = "*";
        private Set<ParameterKind> kinds = EnumSet.noneOf(ParameterKind.class);
        private BitSelection bits = BitSelection.ALL;
        private FaultModel faultModel = FaultModel.bitFlip();
        private int faultsPerInference = 1;
        private Budget budget = Budget.count(1000);
        private Sampler sampler;
        private long seed = 42;
        private Task task = Task.classification();
        private double criticalShare = 0;
        private ProgressListener progress = ProgressListener.console();
        private java.nio.file.Path journalDirectory;
        private boolean freshJournal;
        private java.time.Duration timeout;
        private Execution execution = Execution.FAST;
        private Shard shard = Shard.whole();
        private FastOptions fastOptions = FastOptions.defaults();

        private Builder(GoldenRun golden) {
            this.golden = Objects.requireNonNull(golden, "golden run");
        }

        /** A name for progress lines and reports. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        public Builder target(FaultTarget target) {
            this.target = Objects.requireNonNull(target);
            return this;
        }

        /** Glob or {@code regex:} pattern over parameter names and layer names. */
        public Builder layers(String pattern) {
            this.layers = Objects.requireNonNull(pattern);
            return this;
        }

        /** Only parameters of these kinds (all kinds when none are given). */
        public Builder kinds(ParameterKind... kinds) {
            this.kinds = kinds.length == 0 ? EnumSet.noneOf(ParameterKind.class) : EnumSet.of(kinds[0], kinds);
            return this;
        }

        public Builder bits(BitSelection bits) {
            this.bits = Objects.requireNonNull(bits);
            return this;
        }

        public Builder faultModel(FaultModel faultModel) {
            this.faultModel = Objects.requireNonNull(faultModel);
            return this;
        }

        public Builder faultsPerInference(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("faults per inference must be at least 1; got " + k);
            }
            this.faultsPerInference = k;
            return this;
        }

        public Builder budget(Budget budget) {
            this.budget = Objects.requireNonNull(budget);
            return this;
        }

        /** Overrides the sampler the budget implies. */
        public Builder sampler(Sampler sampler) {
            this.sampler = sampler;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder task(Task task) {
            this.task = Objects.requireNonNull(task);
            return this;
        }

        /** Largest share of changed predictions that is still SDC rather than CRITICAL. */
        public Builder criticalShare(double share) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("the critical share is a share of predictions in [0, 1]; got " + share);
            }
            this.criticalShare = share;
            return this;
        }

        /**
         * Journals every record under {@code directory} so an interrupted campaign resumes where it
         * stopped and a finished one is reused; {@code fresh} discards what an earlier run recorded.
         */
        public Builder journal(java.nio.file.Path directory, boolean fresh) {
            this.journalDirectory = Objects.requireNonNull(directory);
            this.freshJournal = fresh;
            return this;
        }

        /**
         * Counts an inference that takes longer than {@code timeout} as DUE (a hang caused by a
         * fault). The inference is still awaited before the model is restored. Only one full
         * inference per fault can be timed, so a campaign with a timeout runs
         * {@link Execution#NAIVE} whatever {@link #execution} asks, and its info says so.
         */
        public Builder timeout(java.time.Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("a timeout must be positive; got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * How injections run: {@link Execution#FAST} by default (prefix reuse, early masking,
         * batches and deltas), {@link Execution#EXACT} for records bit-identical to one full
         * inference per fault, {@link Execution#NAIVE} for that full inference itself.
         */
        public Builder execution(Execution execution) {
            this.execution = Objects.requireNonNull(execution);
            return this;
        }

        /**
         * Makes this campaign one of the jobs that share its plan (a CI matrix): {@link #run()}
         * runs the shard's plan indices, and the journal file names the shard, so that the
         * journals of all jobs can be gathered and merged ({@link CampaignShards#union}).
         */
        public Builder shard(Shard shard) {
            this.shard = Objects.requireNonNull(shard);
            return this;
        }

        /** Settings of {@link Execution#FAST} (lanes, checkpoints); they never change a record. */
        public Builder fastOptions(FastOptions options) {
            this.fastOptions = Objects.requireNonNull(options);
            return this;
        }

        public Builder progress(ProgressListener progress) {
            this.progress = Objects.requireNonNull(progress);
            return this;
        }

        public Campaign build() {
            return new Campaign(this);
        }
    }
}
