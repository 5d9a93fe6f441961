package dev.seunit.junit.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.dataset.Dataset;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

import dev.seunit.campaign.GoldenRun;
import dev.seunit.junit.Inputs;
import dev.seunit.junit.InputsUnderTest;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.ModelSource;
import dev.seunit.model.internal.FactorySource;
import dev.seunit.transform.Variant;
import dev.seunit.transform.VariantModel;
import dev.seunit.transform.Variants;

/** Finds and calls a test class's {@code @ModelUnderTest} and {@code @InputsUnderTest} members. */
final class ModelSources {

    private ModelSources() {
    }

    /**
     * The test's {@code @ModelUnderTest} for {@code variant} as a source other JVMs (Spark
     * executors) load the model from: they call the member and derive the variant as this JVM does.
     */
    static ModelSource clusterSource(ExtensionContext context, Variant variant) {
        Class<?> testClass = context.getRequiredTestClass();
        Member member = findSource(testClass, dev.seunit.junit.ModelUnderTest.class,
                "a Block, Model, ONNX or TorchScript Path or InjectableModel");
        if (!Modifier.isStatic(member.getModifiers()) && !TestClassSource.instantiable(testClass)) {
            throw new ExtensionConfigurationException(describe(member) + " is not static, and Spark executors cannot "
                    + "create a " + testClass.getName() + " (an inner class, or no constructor without arguments): "
                    + "make the member static to run this test with " + Configuration.SPARK_MASTER);
        }
        return new TestClassSource(testClass.getName(), variant);
    }

    /** The model of {@code variant} and its golden run, built once per class. */
    static ClassResources.Prepared prepare(ExtensionContext context, Variant variant) {
        ClassResources resources = ClassResources.of(context);
        Member modelSource = findSource(context.getRequiredTestClass(), dev.seunit.junit.ModelUnderTest.class,
                "a Block, Model, ONNX or TorchScript Path or InjectableModel");
        Object inputs = resources.inputs(() -> readInputs(context, resources));
        return resources.prepared(variant, () -> build(context, resources, modelSource, variant, inputs));
    }

    private static ClassResources.Prepared build(ExtensionContext context, ClassResources resources, Member source,
            Variant variant, Object inputs) {
        Object value = call(context, source, resources.manager(), variant);
        // one name for the model of every variant (the variant is reported on its own): the test class's
        String name = context.getRequiredTestClass().getSimpleName();
        Built built = toModel(value, source, variant, inputs, name, resources.manager());
        // e.g. the accuracy an activation swap left: on the console now, in the campaign's reports later
        built.notes.forEach(note -> System.out.println("[seunit] " + name + " [" + variant.describe() + "]: " + note));
        InjectableModel model = built.model;
        GoldenRun golden;
        try {
            golden = goldenRun(model, inputs, context);
        } catch (IllegalArgumentException e) {
            model.close();
            throw new ExtensionConfigurationException("@InputsUnderTest of " + context.getRequiredTestClass().getName()
                    + ": " + e.getMessage(), e);
        }
        return new ClassResources.Prepared(variant, model, golden, built.notes, built.owned);
    }

    /** A model made from what a {@code @ModelUnderTest} member gave, the notes of its variant, and what closes with it. */
    record Built(InjectableModel model, List<String> notes, AutoCloseable owned) {
    }

    /**
     * The model of {@code variant} from the {@code value} the member {@code source} gave: as it is,
     * or derived from the trained float block when the member does not take the variant. A DJL
     * {@code Model} it gave is closed with {@code manager}.
     */
    static Built toModel(Object value, Member source, Variant variant, Object inputs, String name,
            NDManager manager) {
        AutoCloseable owned = null;
        List<String> notes = List.of();
        if (isOnnx(value)) {
            InjectableModel imported;
            try {
                imported = InjectableModel.loadOnnx(FactorySource.resolve(value));
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(describe(source) + ": " + e.getMessage(), e);
            }
            if (variant.isBaseline() || takesVariant(source)) {
                value = imported;
            } else {
                owned = imported; // SEUnit derives the variant from the imported graph
                value = imported.block();
            }
        }
        if (!variant.isBaseline() && !takesVariant(source)) {
            // the source gives the trained float model; SEUnit derives the variant from it
            if (!(value instanceof Block)) {
                throw new ExtensionConfigurationException("the test declares the variant [" + variant.describe()
                        + "] but " + describe(source) + " gives " + (value == null ? "null" : "a "
                        + value.getClass().getSimpleName()) + ", from which SEUnit cannot derive variants: return a "
                        + "Java-built Block or an ONNX file's Path, or add a 'Variant variant' parameter and build the "
                        + "model for it (e.g. load the weights trained with variant.activation())");
            }
            NDArray data = inputs instanceof Inputs ? ((Inputs) inputs).data()
                    : inputs instanceof NDArray ? (NDArray) inputs : inputs instanceof NDList ? ((NDList) inputs).head()
                    : null;
            NDArray labels = inputs instanceof Inputs ? ((Inputs) inputs).labels() : null;
            try {
                VariantModel derived = Variants.apply((Block) value, variant, data, labels);
                owned = owned == null ? derived : closingBoth(derived, owned);
                value = derived.block();
                notes = derived.notes();
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                closeQuietly(owned);
                throw new ExtensionConfigurationException(describe(source) + ", variant [" + variant.describe() + "]: "
                        + e.getMessage(), e);
            }
        }
        try {
            return new Built(FactorySource.toModel(value, name, manager, describe(source)), notes, owned);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            if (owned != null) {
                try {
                    owned.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            String message = e.getMessage().startsWith(describe(source)) ? e.getMessage()
                    : describe(source) + ": " + e.getMessage();
            throw new ExtensionConfigurationException(message, e);
        }
    }

    private static GoldenRun goldenRun(InjectableModel model, Object inputs, ExtensionContext context) {
        if (inputs instanceof Inputs) {
            return GoldenRun.of(model, new NDList(((Inputs) inputs).data()), ((Inputs) inputs).labels());
        }
        if (inputs instanceof NDArray) {
            return GoldenRun.of(model, (NDArray) inputs);
        }
        if (inputs instanceof NDList) {
            return GoldenRun.of(model, (NDList) inputs, null);
        }
        Member source = findSource(context.getRequiredTestClass(), InputsUnderTest.class, "");
        int max = ((java.lang.reflect.AnnotatedElement) source).getAnnotation(InputsUnderTest.class).maxInputs();
        return GoldenRun.of(model, (Dataset) inputs, max);
    }

    private static Object readInputs(ExtensionContext context, ClassResources resources) {
        Member source = findSource(context.getRequiredTestClass(), InputsUnderTest.class,
                "an NDArray, NDList, dev.seunit.junit.Inputs or a DJL Dataset");
        Object value = call(context, source, resources.manager(), Variant.BASELINE);
        if (value instanceof NDArray || value instanceof NDList || value instanceof Inputs || value instanceof Dataset) {
            int max = ((java.lang.reflect.AnnotatedElement) source).getAnnotation(InputsUnderTest.class).maxInputs();
            if (max < 1) {
                throw new ExtensionConfigurationException("@InputsUnderTest(maxInputs = " + max + ") on "
                        + describe(source) + " must be at least 1");
            }
            return value;
        }
        throw new ExtensionConfigurationException(describe(source) + " returned "
                + (value == null ? "null" : "a " + value.getClass().getName())
                + "; return an NDArray (batch first), an NDList, dev.seunit.junit.Inputs (with labels) or a DJL Dataset");
    }

    /** A Path or String naming an .onnx file: imported into DJL blocks (a .pt file is loaded as TorchScript). */
    private static boolean isOnnx(Object value) {
        return (value instanceof Path || value instanceof String)
                && value.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx");
    }

    private static AutoCloseable closingBoth(AutoCloseable first, AutoCloseable second) {
        return () -> {
            try {
                first.close();
            } finally {
                second.close();
            }
        };
    }

    private static void closeQuietly(AutoCloseable owned) {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception ignored) {
                // the configuration error being reported matters more
            }
        }
    }

    static Member findSource(Class<?> testClass, Class<? extends Annotation> annotation, String returns) {
        List<Member> found = new ArrayList<>();
        found.addAll(AnnotationSupport.findAnnotatedMethods(testClass, annotation, HierarchyTraversalMode.TOP_DOWN));
        found.addAll(AnnotationSupport.findAnnotatedFields(testClass, annotation));
        if (found.isEmpty()) {
            throw new ExtensionConfigurationException(testClass.getName() + " has no @" + annotation.getSimpleName()
                    + " method or field: add one that gives " + returns);
        }
        if (found.size() > 1) {
            throw new ExtensionConfigurationException(testClass.getName() + " has " + found.size() + " @"
                    + annotation.getSimpleName() + " members (" + found.stream().map(ModelSources::describe)
                            .reduce((a, b) -> a + ", " + b).orElse("") + "): keep exactly one");
        }
        return found.get(0);
    }

    static boolean takesVariant(Member member) {
        return member instanceof Method && java.util.Arrays.stream(((Method) member).getParameterTypes())
                .anyMatch(t -> t == Variant.class);
    }

    private static Object call(ExtensionContext context, Member member, NDManager manager, Variant variant) {
        Object target = null;
        if (!Modifier.isStatic(member.getModifiers())) {
            Optional<Object> instance = context.getTestInstance();
            if (instance.isEmpty()) {
                throw new ExtensionConfigurationException(describe(member) + " is not static and there is no test "
                        + "instance yet: make it static");
            }
            target = instance.get();
        }
        return invoke(target, member, manager, variant);
    }

    /** Reads a member field, or calls a member method with the variant and manager it asks for. */
    static Object invoke(Object target, Member member, NDManager manager, Variant variant) {
        if (member instanceof Field) {
            return ReflectionSupport.tryToReadFieldValue((Field) member, target).getOrThrow(
                    e -> new ExtensionConfigurationException("cannot read " + describe(member) + ": " + e, e));
        }
        Method method = (Method) member;
        Parameter[] parameters = method.getParameters();
        Object[] args = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Class<?> type = parameters[i].getType();
            if (type == Variant.class) {
                args[i] = variant;
            } else if (type == NDManager.class) {
                args[i] = manager;
            } else {
                throw new ExtensionConfigurationException(describe(member) + " has a parameter of type "
                        + type.getSimpleName() + "; it may take only a Variant and an NDManager");
            }
        }
        return ReflectionSupport.invokeMethod(method, target, args);
    }

    static String describe(Member member) {
        String kind = member instanceof Method ? "method" : "field";
        String annotation = ((java.lang.reflect.AnnotatedElement) member).isAnnotationPresent(InputsUnderTest.class)
                ? "@InputsUnderTest" : "@ModelUnderTest";
        return annotation + " " + kind + " '" + member.getName() + "' of " + member.getDeclaringClass().getSimpleName();
    }
}
