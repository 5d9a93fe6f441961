package dev.seunit.model.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.apiguardian.api.API;

import dev.seunit.model.InjectableModel;
import dev.seunit.model.ModelSource;

/**
 * A method or field, named by its class, that gives a model. Loading finds the class through the
 * thread's context class loader (where a cluster puts the application's jars).
 */
@API(status = INTERNAL, since = "0.1")
public record FactorySource(String owner, String member) implements ModelSource {

    private static final long serialVersionUID = 1L;

    public static FactorySource of(Class<?> owner, String member) {
        FactorySource source = new FactorySource(owner.getName(), member);
        source.find(owner); // a wrong name fails here, on the machine that names it, not on every executor
        return source;
    }

    @Override
    public InjectableModel load(NDManager manager) {
        Class<?> type;
        try {
            type = Class.forName(owner, true, loader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(describe() + ": class " + owner + " is not on the class path of this JVM ("
                    + HostName.get() + "). Ship the jar that holds it with the job (on Spark: spark.jars, or "
                    + "spark.executor.extraClassPath on machines that share the driver's files)", e);
        }
        Member found = find(type);
        Object value = value(found, type, manager);
        return toModel(value, type.getSimpleName(), manager, describe());
    }

    @Override
    public String describe() {
        return "model factory " + owner + "." + member;
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : FactorySource.class.getClassLoader();
    }

    private Member find(Class<?> type) {
        List<Member> found = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(member) && takesAtMostAManager(m)) {
                    found.add(m);
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(member)) {
                    found.add(f);
                }
            }
            if (!found.isEmpty()) {
                return found.get(0);
            }
        }
        throw new IllegalArgumentException(describe() + ": " + owner + " has no method '" + member + "' taking nothing "
                + "or an NDManager, and no field of that name");
    }

    private static boolean takesAtMostAManager(Method m) {
        Class<?>[] types = m.getParameterTypes();
        return types.length == 0 || types.length == 1 && types[0] == NDManager.class;
    }

    private Object value(Member found, Class<?> type, NDManager manager) {
        try {
            Object target = Modifier.isStatic(found.getModifiers()) ? null : newInstance(type);
            if (found instanceof Field field) {
                field.setAccessible(true);
                return field.get(target);
            }
            Method method = (Method) found;
            method.setAccessible(true);
            return method.getParameterCount() == 0 ? method.invoke(target) : method.invoke(target, manager);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(describe() + " threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException(describe() + " cannot be called: " + e, e);
        }
    }

    private Object newInstance(Class<?> type) throws ReflectiveOperationException {
        if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
            throw new IllegalArgumentException(describe() + ": " + type.getName() + " is an inner class, which needs an "
                    + "enclosing instance; make the member static or move it to a top-level class");
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(describe() + ": '" + member + "' is not static and " + type.getName()
                    + " has no constructor without arguments; make the member static", e);
        }
    }

    /**
     * What a model factory gave, as a model named {@code name}: a DJL {@code Block}, a DJL
     * {@code Model} (closed with {@code manager}), an {@link InjectableModel}, or an ONNX
     * ({@code .onnx}) or TorchScript file as {@code Path} or {@code String} (a file or class-path
     * resource).
     *
     * @param source the factory, for the message when the value is none of these
     */
    public static InjectableModel toModel(Object value, String name, NDManager manager, String source) {
        if (value instanceof InjectableModel model) {
            return model;
        }
        if (value instanceof Model model) {
            manager.attachInternal(UUID.randomUUID().toString(), model); // closed with the manager
            return InjectableModel.of(model);
        }
        if (value instanceof Block block) {
            return InjectableModel.of(name, block);
        }
        if (value instanceof Path || value instanceof String) {
            Path file = resolve(value);
            return file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx") ? InjectableModel.loadOnnx(file)
                    : InjectableModel.loadTorchScript(file);
        }
        throw new IllegalArgumentException(source + " returned " + (value == null ? "null" : "a "
                + value.getClass().getName()) + "; return a DJL Block (initialized), a DJL Model, an ONNX (.onnx) or "
                + "TorchScript file as Path or String, or a dev.seunit.model.InjectableModel");
    }

    /** A Path as it is; a String as a class-path resource when there is one, else as a file name. */
    public static Path resolve(Object value) {
        if (value instanceof Path path) {
            return path;
        }
        String name = (String) value;
        URL resource = loader().getResource(name.startsWith("/") ? name.substring(1) : name);
        if (resource != null && "file".equals(resource.getProtocol())) {
            try {
                return Paths.get(resource.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("bad class-path resource URL " + resource, e);
            }
        }
        return Paths.get(name);
    }
}
