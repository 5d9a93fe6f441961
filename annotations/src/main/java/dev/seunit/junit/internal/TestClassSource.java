package dev.seunit.junit.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.util.UUID;

import ai.djl.ndarray.NDManager;

import dev.seunit.junit.InputsUnderTest;
import dev.seunit.junit.ModelUnderTest;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.ModelSource;
import dev.seunit.transform.Variant;

/**
 * A test class's {@code @ModelUnderTest}, named by the class, loaded on another JVM (a Spark
 * executor) the way the test's JVM loads it: the member is called with the variant and a
 * manager it asks for, and a variant the member does not build is derived from the trained float
 * block, calibrated on the class's {@code @InputsUnderTest} as in the test's JVM. The executor's
 * checks (parameter checksum, golden output) confirm it is the same model.
 */
record TestClassSource(String testClass, Variant variant) implements ModelSource {

    private static final long serialVersionUID = 1L;

    @Override
    public InjectableModel load(NDManager manager) {
        Class<?> type;
        try {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            type = Class.forName(testClass, true, context != null ? context : getClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(describe() + ": the test class is not on the class path of this JVM. "
                    + "Ship the test classes and their dependencies to the executors (" + Configuration.SPARK_JARS
                    + ", or spark.executor.extraClassPath on machines that share the driver's files)", e);
        }
        Member model = ModelSources.findSource(type, ModelUnderTest.class, "a model");
        Object value = ModelSources.invoke(target(type, model), model, manager, variant);
        Object inputs = null;
        if (!variant.isBaseline() && !ModelSources.takesVariant(model)) { // derived: calibrated on the inputs
            Member source = ModelSources.findSource(type, InputsUnderTest.class, "inputs");
            inputs = ModelSources.invoke(target(type, source), source, manager, Variant.BASELINE);
        }
        ModelSources.Built built = ModelSources.toModel(value, model, variant, inputs, type.getSimpleName(), manager);
        if (built.owned() != null) {
            manager.attachInternal(UUID.randomUUID().toString(), built.owned()); // closed with the manager
        }
        return built.model();
    }

    @Override
    public String describe() {
        return "@ModelUnderTest of " + testClass + (variant.isBaseline() ? "" : " [" + variant.describe() + "]");
    }

    /** Whether another JVM can create an instance to call a non-static member on. */
    static boolean instantiable(Class<?> type) {
        if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
            return false;
        }
        try {
            type.getDeclaredConstructor();
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private Object target(Class<?> type, Member member) {
        if (Modifier.isStatic(member.getModifiers())) {
            return null;
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(describe() + ": cannot create a " + type.getName() + " to call "
                    + ModelSources.describe(member) + " on: " + e, e);
        }
    }
}
