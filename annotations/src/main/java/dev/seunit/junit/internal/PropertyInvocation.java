package dev.seunit.junit.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.ModelCorruptedException;
import dev.seunit.campaign.ScenarioGenerator;
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultScenario;
import dev.seunit.junit.PropertyEvent;
import dev.seunit.junit.ScenarioRunner;
import dev.seunit.transform.Variant;

/** One try of a {@code @FaultProperty}: draws its scenario, resolves it, and shrinks a failure. */
final class PropertyInvocation implements TestTemplateInvocationContext, BeforeEachCallback, ParameterResolver,
        InvocationInterceptor {

    /** State shared by the tries of one property and variant, built at the first try (when the test instance exists). */
    static final class Shared {
        final PropertySettings settings;
        final Variant variant;
        private PropertyState state;
        private boolean broken;

        Shared(PropertySettings settings, Variant variant) {
            this.settings = settings;
            this.variant = variant;
        }

        synchronized PropertyState state(ExtensionContext context) {
            if (state == null) {
                // a bad model, input or fault space fails the first try only: the later tries are not generated
                broken = true;
                Configuration config = Configuration.of(context);
                ClassResources.Prepared prepared = ModelSources.prepare(context, variant);
                String name = VariantExpansion.displayName(settings.method, variant);
                try {
                    Campaign campaign = settings.campaign(prepared.golden, name, config);
                    long seed = settings.seed(config);
                    ScenarioGenerator generator = new ScenarioGenerator(campaign.faultSpace(), prepared.model,
                            settings.property.faultsPerScenario(), seed, settings.property.edgeCasesFirst());
                    state = new PropertyState(prepared, campaign, generator, seed);
                    broken = false;
                } catch (IllegalArgumentException | UnsupportedOperationException e) {
                    throw new ExtensionConfigurationException("@FaultProperty on " + settings.method.getName() + ": "
                            + e.getMessage(), e);
                }
            }
            return state;
        }

        synchronized boolean falsified() {
            return broken || state != null && state.falsified.get();
        }
    }

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PropertyInvocation.class);

    private final Shared shared;
    private final int tryIndex;

    PropertyInvocation(Shared shared, int tryIndex) {
        this.shared = shared;
        this.tryIndex = tryIndex;
    }

    @Override
    public String getDisplayName(int invocationIndex) {
        String variant = shared.variant.isBaseline() ? "" : "[" + shared.variant.describe() + "] ";
        return variant + "try " + (tryIndex + 1) + "/" + shared.settings.property.tries();
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
        return List.of(this);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        PropertyState state = shared.state(context);
        if (state.falsified.get()) {
            throw new TestAbortedException("the property was already falsified by an earlier try");
        }
        FaultScenario scenario = state.generator.scenario(tryIndex);
        state.count(scenario);
        context.getStore(NAMESPACE).put(FaultScenario.class, scenario);
        context.getStore(NAMESPACE).put(String.class, checksum(state));
    }

    private static String checksum(PropertyState state) {
        state.prepared.lock.lock();
        try {
            return state.prepared.model.checksum();
        } finally {
            state.prepared.lock.unlock();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == FaultScenario.class || type == Fault.class || type == ScenarioRunner.class
                || type == Variant.class || type == GoldenRun.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        PropertyState state = shared.state(extensionContext);
        FaultScenario scenario = extensionContext.getStore(NAMESPACE).get(FaultScenario.class, FaultScenario.class);
        if (type == FaultScenario.class) {
            return scenario;
        }
        if (type == Fault.class) {
            if (scenario.size() != 1) {
                throw new ParameterResolutionException("a Fault parameter needs faultsPerScenario = 1; with "
                        + scenario.size() + " faults per scenario take a FaultScenario");
            }
            return scenario.first();
        }
        if (type == Variant.class) {
            return shared.variant;
        }
        return type == GoldenRun.class ? state.golden() : state;
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        PropertyState state = shared.state(extensionContext);
        FaultScenario scenario = extensionContext.getStore(NAMESPACE).get(FaultScenario.class, FaultScenario.class);
        PropertyEvent.TryOutcome outcome = PropertyEvent.TryOutcome.PASSED;
        Throwable reported = null;
        try {
            invocation.proceed();
        } catch (TestAbortedException discard) {
            state.discarded.incrementAndGet();
            outcome = PropertyEvent.TryOutcome.DISCARDED;
            throw discard;
        } catch (Throwable failure) {
            state.falsified.set(true);
            outcome = PropertyEvent.TryOutcome.FALSIFIED;
            reported = shrunk(state, scenario, failure, invocationContext);
            throw reported;
        } finally {
            int done = state.finished.incrementAndGet();
            String before = extensionContext.getStore(NAMESPACE).get(String.class, String.class);
            if (!checksum(state).equals(before)) {
                throw new ModelCorruptedException("the model of " + shared.settings.method.getName()
                        + " was not restored after try " + (tryIndex + 1) + " (" + scenario + ")");
            }
            if (done == shared.settings.property.tries() || state.falsified.get()) {
                extensionContext.publishReportEntry("seunit.property.generated", state.statistics());
            }
            if (Listeners.any()) {
                PropertyEvent event = new PropertyEvent(shared.settings.method.getDeclaringClass(),
                        shared.settings.method.getName(),
                        VariantExpansion.displayName(shared.settings.method, shared.variant), shared.variant,
                        state.campaign.info(), tryIndex, shared.settings.property.tries(), scenario,
                        state.statistics(), outcome, reported);
                Listeners.publish(listener -> listener.propertyTryFinished(event));
            }
        }
    }

    private AssertionFailedError shrunk(PropertyState state, FaultScenario scenario, Throwable failure,
            ReflectiveInvocationContext<Method> invocationContext) {
        Throwable[] last = {failure};
        Shrinking.Result result = new Shrinking(candidate -> {
            Throwable t = rerun(invocationContext, candidate);
            if (t != null) {
                last[0] = t;
            }
            return t != null;
        }, shared.settings.property.maxShrinkSteps()).shrink(scenario);
        String message = "Property " + VariantExpansion.displayName(shared.settings.method, shared.variant)
                + " falsified at try " + (tryIndex + 1) + " of " + shared.settings.property.tries() + " by "
                + scenario.size() + " fault(s): " + scenario + "\nShrunk in " + result.steps() + " runs to "
                + result.scenario().size() + " fault(s): " + result.scenario() + "\nwhich fails with: "
                + last[0] + "\n" + Rerun.line(shared.settings.method, state.seed);
        AssertionFailedError error = new AssertionFailedError(message, failure);
        return error;
    }

    /** Calls the property method again with {@code candidate}; the failure it raised, or null if it passed. */
    private static Throwable rerun(ReflectiveInvocationContext<Method> context, FaultScenario candidate) {
        Method method = context.getExecutable();
        List<Object> args = new ArrayList<>(context.getArguments());
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == FaultScenario.class) {
                args.set(i, candidate);
            } else if (types[i] == Fault.class) {
                if (candidate.size() != 1) {
                    return null;
                }
                args.set(i, candidate.first());
            }
        }
        try {
            method.setAccessible(true);
            method.invoke(context.getTarget().orElse(null), args.toArray());
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause() instanceof TestAbortedException ? null : e.getCause();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method + " while shrinking", e);
        }
    }
}
