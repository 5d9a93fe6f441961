package dev.seunit.junit.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.platform.commons.support.AnnotationSupport;

import dev.seunit.junit.BoundedActivation;
import dev.seunit.junit.Pruned;
import dev.seunit.junit.Quantized;
import dev.seunit.transform.ActivationKind;
import dev.seunit.transform.Precision;
import dev.seunit.transform.Variant;

/** The variants a method's annotations ask for: the cartesian product, activation first. */
final class VariantExpansion {

    private VariantExpansion() {
    }

    static List<Variant> of(Method method) {
        List<Variant> variants = new ArrayList<>(List.of(Variant.BASELINE));
        AnnotationSupport.findAnnotation(method, BoundedActivation.class).ifPresent(a -> {
            CampaignSettings.Invalid invalid = new CampaignSettings.Invalid("@BoundedActivation", method);
            invalid.check(a.value().length > 0, "value", "{}", "must name at least one activation");
            invalid.check(Arrays.stream(a.value()).distinct().count() == a.value().length, "value",
                    Arrays.toString(a.value()), "names an activation twice; name each once");
            List<Variant> next = new ArrayList<>();
            for (Variant v : variants) {
                for (ActivationKind kind : a.value()) {
                    next.add(v.withActivation(kind));
                }
            }
            variants.clear();
            variants.addAll(next);
        });
        AnnotationSupport.findAnnotation(method, Pruned.class).ifPresent(a -> {
            CampaignSettings.Invalid invalid = new CampaignSettings.Invalid("@Pruned", method);
            invalid.check(a.value().length > 0, "value", "{}", "must give at least one percentage");
            invalid.check(Arrays.stream(a.value()).allMatch(p -> p >= 0 && p <= 99), "value", Arrays.toString(a.value()),
                    "must hold percentages of channels pruned, from 0 (not pruned) to 99");
            invalid.check(Arrays.stream(a.value()).distinct().count() == a.value().length, "value",
                    Arrays.toString(a.value()), "gives a percentage twice; give each once");
            List<Variant> next = new ArrayList<>();
            for (Variant v : variants) {
                for (int percent : a.value()) {
                    next.add(v.withPruning(percent));
                }
            }
            variants.clear();
            variants.addAll(next);
        });
        AnnotationSupport.findAnnotation(method, Quantized.class).ifPresent(a -> {
            CampaignSettings.Invalid invalid = new CampaignSettings.Invalid("@Quantized", method);
            invalid.check(a.value().length > 0, "value", "{}", "must name at least one precision");
            invalid.check(Arrays.stream(a.value()).distinct().count() == a.value().length, "value",
                    Arrays.toString(a.value()), "names a precision twice; name each once");
            List<Variant> next = new ArrayList<>();
            for (Variant v : variants) {
                for (Precision p : a.value()) {
                    next.add(v.withPrecision(p));
                }
            }
            variants.clear();
            variants.addAll(next);
        });
        return variants;
    }

    static String displayName(Method method, Variant variant) {
        return variant.isBaseline() ? method.getName() : method.getName() + " [" + variant.describe() + "]";
    }
}
