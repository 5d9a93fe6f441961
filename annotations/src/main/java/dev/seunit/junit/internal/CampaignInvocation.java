package dev.seunit.junit.internal;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignInfo;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.CampaignShards;
import dev.seunit.campaign.ErrorPropagation;
import dev.seunit.campaign.GateVerdict;
import dev.seunit.campaign.GateVerdicts;
import dev.seunit.campaign.RateGate;
import dev.seunit.campaign.Shard;
import dev.seunit.junit.CampaignEvent;
import dev.seunit.junit.GateFailedError;
import dev.seunit.perf.Throughput;
import dev.seunit.stats.GroupSequentialTest;
import dev.seunit.transform.Variant;

/**
 * One invocation of a {@code @FaultCampaign} method for one variant: runs the campaign before
 * the method (growing it while a gate is undecided), resolves the result, and fails the test
 * when a gate is not met.
 */
final class CampaignInvocation implements TestTemplateInvocationContext, BeforeEachCallback, ParameterResolver,
        InvocationInterceptor {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CampaignInvocation.class);

    private final CampaignSettings settings;
    private final Variant variant;
    private final String displayName;

    CampaignInvocation(CampaignSettings settings, Variant variant) {
        this.settings = settings;
        this.variant = variant;
        this.displayName = VariantExpansion.displayName(settings.method, variant);
    }

    @Override
    public String getDisplayName(int invocationIndex) {
        return displayName;
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
        return List.of(this);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Configuration config = Configuration.of(context);
        ClassResources.Prepared prepared = ModelSources.prepare(context, variant);
        Decided decided;
        List<ErrorPropagation.Trace> propagation = List.of();
        Throughput throughput = null;
        prepared.lock.lock();
        try {
            decided = run(prepared, config);
            if (Listeners.any()) { // what reports show besides the records; cheap next to the campaign
                propagation = propagation(prepared, decided.result);
                throughput = throughput(prepared);
            }
        } finally {
            prepared.lock.unlock();
        }
        CampaignResult result = decided.result;
        if (config.journalDirectory() != null) {
            Shard mine = config.shard();
            String shard = config.isSharded() ? ".shard-" + mine.index() + "-of-" + mine.count() : "";
            result.writeJson(classJournal(config).resolve(safe(displayName) + shard + ".json"));
        }
        context.getStore(NAMESPACE).put(CampaignResult.class, result);
        List<GateVerdict> verdicts = decided.verdicts.verdicts();
        GateFailedError failure = Gates.verdict(verdicts, result, settings.method, displayName);
        if (failure != null) {
            context.getStore(NAMESPACE).put(GateFailedError.class, failure);
        }
        if (config.isSharded() && !verdicts.isEmpty()) {
            System.out.println("SEUnit: " + displayName + " [shard " + config.shard() + "]: provisionally "
                    + verdicts.stream().map(v -> v.gate().outcomesLabel() + " " + v.label().replace("PROVISIONAL_", "")
                            .toLowerCase(java.util.Locale.ROOT)).collect(
                            java.util.stream.Collectors.joining(", ")) + " on this shard's " + result.injections()
                    + " injections; the merge of all shards (" + Configuration.MERGE_DIR + ") decides");
        }
        CampaignEvent event = new CampaignEvent(settings.method.getDeclaringClass(), settings.method.getName(),
                displayName, variant, result, settings.gates, failure, propagation, throughput, prepared.notes,
                verdicts, config.shard(), config.isMerge());
        Listeners.publish(listener -> listener.campaignFinished(event));
    }

    /** The records the test gets and how its gates were decided on them. */
    private record Decided(CampaignResult result, GateVerdicts verdicts) {
    }

    private static Throughput throughput(ClassResources.Prepared prepared) {
        try {
            return Throughput.measure(prepared.golden, 1, 3);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The showcase injections followed layer by layer, when the model can be traced. */
    private static List<ErrorPropagation.Trace> propagation(ClassResources.Prepared prepared, CampaignResult result) {
        if (!prepared.model.isTraceable() || result.injections() == 0) {
            return List.of();
        }
        try {
            return ErrorPropagation.traceShowcase(prepared.golden, result);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /**
     * Runs the campaign and decides its gates: unsharded, look after look until every gate is
     * decided; as a shard, its whole share of the plan (every look: where the union decides is not
     * known to one shard), decided provisionally on its own records; in merge mode, nothing runs:
     * the gates are decided on the union of the shards' journals, look after look as the
     * unsharded run would, and the test gets the records that run would have had.
     */
    private Decided run(ClassResources.Prepared prepared, Configuration config) {
        Budget budget = settings.budget(config);
        boolean grows = budget.kind() == Budget.Kind.COUNT && !settings.gates.isEmpty()
                && settings.maxInjections() > settings.campaign.injections();
        Budget plan = grows ? Budget.count(settings.maxInjections()).scaled(config.budgetScale()) : budget;
        Campaign campaign;
        try {
            Campaign.Builder builder = settings.builder(prepared.golden, displayName, config, plan)
                    .shard(config.shard());
            if (config.journalDirectory() != null) {
                builder.journal(classJournal(config), config.freshJournal());
            }
            campaign = builder.build();
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new ExtensionConfigurationException("@FaultCampaign on " + settings.method.getDeclaringClass()
                    .getSimpleName() + "." + settings.method.getName() + " [" + displayName + "]: " + e.getMessage(), e);
        }
        int planned = campaign.scenarios().size();
        int[] looks = GroupSequentialTest.looks(grows ? (int) Math.min(budget.count(), planned) : planned, planned);
        List<RateGate> gates = settings.rateGates();
        CampaignInfo info = campaign.info();
        if (config.isMerge()) {
            CampaignResult union = CampaignShards.union(campaign, classDirectories(config.mergeDirectory()));
            GateVerdicts verdicts = GateVerdicts.decide(gates, info, looks, Shard.whole(), union::planPrefix);
            return new Decided(union.planPrefix(verdicts.planned()), verdicts);
        }
        if (config.isSharded()) {
            CampaignResult share = campaign.run();
            return new Decided(share, GateVerdicts.decide(gates, info, looks, config.shard(), share::planPrefix));
        }
        Growing growing = new Growing(campaign);
        GateVerdicts verdicts = GateVerdicts.decide(gates, info, looks, Shard.whole(), growing::upTo);
        return new Decided(growing.upTo(verdicts.planned()), verdicts);
    }

    /** A campaign run slice by slice, as far as the gates ask: the records of the first n planned injections. */
    private static final class Growing {
        private final Campaign campaign;
        private CampaignResult ran;
        private int planned;

        Growing(Campaign campaign) {
            this.campaign = campaign;
        }

        CampaignResult upTo(int n) {
            if (ran == null || n > planned) {
                CampaignResult next = campaign.run(Shard.whole().planIndices(planned, n));
                ran = ran == null ? next : ran.merge(next);
                planned = n;
            }
            return n == planned ? ran : ran.planPrefix(n);
        }
    }

    /** The folders named after this test class anywhere under {@code root}: each shard's journal of it. */
    private List<Path> classDirectories(Path root) {
        String name = settings.method.getDeclaringClass().getName();
        try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(root, 12)) {
            return all.filter(p -> java.nio.file.Files.isDirectory(p) && p.getFileName().toString().equals(name))
                    .sorted().collect(java.util.stream.Collectors.toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot search " + Configuration.MERGE_DIR + " = " + root
                    + " for the shards' journals: " + e.getMessage(), e);
        }
    }

    /** Journals and results of this test class: one folder per class under seunit.journal.dir. */
    private Path classJournal(Configuration config) {
        return config.journalDirectory().resolve(settings.method.getDeclaringClass().getName());
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._=,%\\[\\] -]", "_");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == CampaignResult.class || type == Variant.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (parameterContext.getParameter().getType() == Variant.class) {
            return variant;
        }
        return extensionContext.getStore(NAMESPACE).get(CampaignResult.class, CampaignResult.class);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        GateFailedError gate = extensionContext.getStore(NAMESPACE).get(GateFailedError.class, GateFailedError.class);
        try {
            invocation.proceed();
        } catch (Throwable t) {
            if (gate != null) {
                t.addSuppressed(gate);
            }
            throw t;
        }
        if (gate != null) {
            throw gate;
        }
    }
}
