package dev.seunit.junit.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import org.junit.platform.commons.support.AnnotationSupport;

import dev.seunit.junit.BoundedActivation;
import dev.seunit.junit.Pruned;
import dev.seunit.junit.Quantized;
import dev.seunit.transform.Variant;

/** The variants a method's annotations ask for: the cartesian product, activation first. */
final class VariantExpansion {

    private VariantExpansion() {
    }

    static List<Variant> of(Method method) {
        List<Variant> variants = List.of(Variant.BASELINE);
        variants = AnnotationSupport.findAnnotation(method, BoundedActivation.class)
                .map(a -> expand(List.of(Variant.BASELINE), "@BoundedActivation", method, Arrays.asList(a.value()),
                        "must name at least one activation", "names an activation twice; name each once", v -> true, null,
                        Variant::withActivation))
                .orElse(variants);
        List<Variant> afterActivation = variants;
        variants = AnnotationSupport.findAnnotation(method, Pruned.class)
                .map(a -> expand(afterActivation, "@Pruned", method, Arrays.stream(a.value()).boxed().toList(),
                        "must give at least one percentage", "gives a percentage twice; give each once", p -> p >= 0 && p <= 99,
                        "must hold percentages of channels pruned, from 0 (not pruned) to 99", Variant::withPruning))
                .orElse(variants);
        List<Variant> afterPruning = variants;
        return AnnotationSupport.findAnnotation(method, Quantized.class)
                .map(a -> expand(afterPruning, "@Quantized", method, Arrays.asList(a.value()),
                        "must name at least one precision", "names a precision twice; name each once", v -> true, null,
                        Variant::withPrecision))
                .orElse(variants);
    }

    /** Every variant of {@code current} combined with every value, after validating the values. */
    private static <T> List<Variant> expand(List<Variant> current, String annotation, Method method, List<T> values,
            String empty, String duplicate, Predicate<T> inRange, String range, BiFunction<Variant, T, Variant> with) {
        CampaignSettings.Invalid invalid = new CampaignSettings.Invalid(annotation, method);
        invalid.check(!values.isEmpty(), "value", "{}", empty);
        invalid.check(values.stream().allMatch(inRange), "value", values, range);
        invalid.check(values.stream().distinct().count() == values.size(), "value", values, duplicate);
        List<Variant> next = new ArrayList<>();
        for (Variant v : current) {
            for (T value : values) {
                next.add(with.apply(v, value));
            }
        }
        return next;
    }

    static String displayName(Method method, Variant variant) {
        return variant.isBaseline() ? method.getName() : method.getName() + " [" + variant.describe() + "]";
    }
}
