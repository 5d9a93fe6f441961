package dev.seunit.junit.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import java.lang.reflect.Method;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

import dev.seunit.junit.FaultCampaign;

/** Expands a {@code @FaultCampaign} method into one invocation per variant. */
@API(status = INTERNAL, since = "0.1")
public final class FaultCampaignExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, FaultCampaign.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        if (AnnotationSupport.isAnnotated(method, dev.seunit.junit.FaultProperty.class)) {
            throw new ExtensionConfigurationException(method.getName() + " has both @FaultCampaign and @FaultProperty: "
                    + "a method is either a campaign or a property test, keep one");
        }
        Configuration.of(context); // invalid configuration fails every test up front
        CampaignSettings settings = CampaignSettings.of(method);
        return VariantExpansion.of(method).stream().map(variant -> new CampaignInvocation(settings, variant));
    }
}
