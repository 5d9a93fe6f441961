package dev.seunit.junit.internal;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

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
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.ErrorPropagation;
import dev.seunit.junit.CampaignEvent;
import dev.seunit.junit.GateFailedError;
import dev.seunit.perf.Throughput;
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
        CampaignResult result;
        List<ErrorPropagation.Trace> propagation = List.of();
        Throughput throughput = null;
        prepared.lock.lock();
        try {
            result = run(prepared, config);
            if (Listeners.any()) { // what reports show besides the records; cheap next to the campaign
                propagation = propagation(prepared, result);
                throughput = throughput(prepared);
            }
        } finally {
            prepared.lock.unlock();
        }
        if (config.journalDirectory() != null) {
            result.writeJson(classJournal(config).resolve(safe(displayName) + ".json"));
        }
        context.getStore(NAMESPACE).put(CampaignResult.class, result);
        GateFailedError failure = Gates.verdict(settings.gates, result, settings.method, displayName);
        if (failure != null) {
            context.getStore(NAMESPACE).put(GateFailedError.class, failure);
        }
        CampaignEvent event = new CampaignEvent(settings.method.getDeclaringClass(), settings.method.getName(),
                displayName, variant, result, settings.gates, failure, propagation, throughput, prepared.notes);
        Listeners.publish(listener -> listener.campaignFinished(event));
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

    private CampaignResult run(ClassResources.Prepared prepared, Configuration config) {
        Budget budget = settings.budget(config);
        long first = budget.kind() == Budget.Kind.COUNT ? budget.count() : Long.MAX_VALUE;
        boolean grows = budget.kind() == Budget.Kind.COUNT && !settings.gates.isEmpty()
                && settings.maxInjections() > settings.campaign.injections();
        Budget plan = grows ? Budget.count(settings.maxInjections()).scaled(config.budgetScale()) : budget;
        Campaign campaign;
        try {
            Campaign.Builder builder = settings.builder(prepared.golden, displayName, config, plan);
            if (config.journalDirectory() != null) {
                builder.journal(classJournal(config), config.freshJournal());
            }
            campaign = builder.build();
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new ExtensionConfigurationException("@FaultCampaign on " + settings.method.getDeclaringClass()
                    .getSimpleName() + "." + settings.method.getName() + " [" + displayName + "]: " + e.getMessage(), e);
        }
        int planned = campaign.scenarios().size();
        int limit = (int) Math.min(first, planned);
        CampaignResult result = campaign.run(slice(0, limit, config));
        // Sequential extension: double the sample while a gate's interval still contains its threshold.
        while (grows && limit < planned && !Gates.decided(settings.gates, result)) {
            int next = (int) Math.min(2L * limit, planned);
            result = result.merge(campaign.run(slice(limit, next, config)));
            limit = next;
        }
        return result;
    }

    /** Journals and results of this test class: one folder per class under seunit.journal.dir. */
    private Path classJournal(Configuration config) {
        return config.journalDirectory().resolve(settings.method.getDeclaringClass().getName());
    }

    /** Plan indices in [from, to) that belong to this shard. */
    private static int[] slice(int from, int to, Configuration config) {
        return IntStream.range(from, to).filter(i -> i % config.shardCount() == config.shardIndex()).toArray();
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
