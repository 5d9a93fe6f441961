package dev.seunit.junit.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import java.lang.reflect.Method;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.FaultProperty;

/** Expands a {@code @FaultProperty} method into its tries, per variant, stopping after the first failure. */
@API(status = INTERNAL, since = "0.1")
public final class FaultPropertyExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, FaultProperty.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        if (AnnotationSupport.isAnnotated(method, FaultCampaign.class)) {
            throw new ExtensionConfigurationException(method.getName() + " has both @FaultCampaign and @FaultProperty: "
                    + "a method is either a campaign or a property test, keep one");
        }
        Configuration.of(context);
        PropertySettings settings = PropertySettings.of(method);
        int tries = settings.property.tries();
        return VariantExpansion.of(method).stream().flatMap(variant -> {
            PropertyInvocation.Shared shared = new PropertyInvocation.Shared(settings, variant);
            // lazy: JUnit pulls the next try only after the previous one ran, so a failure ends the property
            return IntStream.range(0, tries).boxed().takeWhile(i -> !shared.falsified())
                    .map(i -> new PropertyInvocation(shared, i));
        });
    }
}
