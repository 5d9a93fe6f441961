package dev.seunit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.seunit.junit.BoundedActivation;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.FaultProperty;
import dev.seunit.junit.InputsUnderTest;
import dev.seunit.junit.MaxErrorRate;
import dev.seunit.junit.Pruned;
import dev.seunit.junit.Quantized;

/**
 * The names the guide and the README write in prose ({@code `...`} spans outside code blocks)
 * exist as written, so that a reader who copies one gets code that compiles: an annotation
 * attribute with its value ({@code task = Task.Kind.SEGMENTATION}, not {@code task = SEGMENTATION}),
 * an annotation and the attributes listed with it, a constant ({@code BitSelection.Kind.MSB},
 * {@code ProgressListener.NONE}), a method of a SEUnit type ({@code Variants.apply}) and a fully
 * qualified SEUnit type. Spans naming no SEUnit type (a configuration key, a file) are not
 * judged.
 */
class GuideNamesTest {

    private static final List<Class<? extends Annotation>> ANNOTATIONS = List.of(FaultCampaign.class,
            FaultProperty.class, MaxErrorRate.class, InputsUnderTest.class, BoundedActivation.class, Pruned.class,
            Quantized.class);

    private static final Pattern SPAN = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern ASSIGNMENT = Pattern.compile("(\\w+) = (.+)");
    private static final Pattern CONSTANT = Pattern.compile("((?:[A-Z]\\w*\\.)*[A-Z]\\w*)\\.([A-Z][A-Z0-9_]*)");
    private static final Pattern METHOD = Pattern.compile("((?:[A-Z]\\w*\\.)*[A-Z]\\w*)\\.([a-z]\\w*)(\\(.*\\))?");
    private static final Pattern ANNOTATION = Pattern.compile("@(\\w+)(?:\\((.*)\\))?");
    private static final Pattern QUALIFIED = Pattern.compile("dev\\.seunit(\\.\\w+)+");

    /** SEUnit's public types by their simple name chain ({@code Task.Kind}). */
    private static final Map<String, Class<?>> TYPES = seunitTypes();

    @Test
    void everyNameInTheProseExistsAsWritten() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path markdown : SnippetsTest.markdownFiles()) {
            List<String> lines = Files.readAllLines(markdown, StandardCharsets.UTF_8);
            boolean inBlock = false;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("```")) {
                    inBlock = !inBlock;
                    continue;
                }
                Matcher span = SPAN.matcher(lines.get(i));
                while (!inBlock && span.find()) {
                    String problem = check(span.group(1).trim());
                    if (problem != null) {
                        wrong.add(markdown.getFileName() + ":" + (i + 1) + ": `" + span.group(1) + "`: " + problem);
                    }
                }
            }
        }
        assertThat(wrong).as("names in the guide's prose that do not compile as written").isEmpty();
    }

    @Test
    void theCheckCatchesTheNamesItIsFor() {
        assertThat(check("task = SEGMENTATION")).contains("Task.Kind.SEGMENTATION");
        assertThat(check("task = Task.Kind.SEGMENTATION")).isNull();
        assertThat(check("bits = BitSelection.Kind.MSB")).isNull();
        assertThat(check("bits = MSB")).isNotNull();
        assertThat(check("kinds = {ParameterKind.WEIGHT, ParameterKind.BIAS}")).isNull();
        assertThat(check("criticalShare = 0.125")).isNull();
        assertThat(check("tolerance = 0.1")).isNull(); // not an attribute: not judged
        assertThat(check("BitSelection.Kind.MSB")).isNull();
        assertThat(check("BitSelection.Kind.MSBX")).isNotNull();
        assertThat(check("Variants.apply")).isNull();
        assertThat(check("Variants.applyAll(model)")).isNotNull();
        assertThat(check("@MaxErrorRate(value, outcome, confidence, maxInjections)")).isNull();
        assertThat(check("@MaxErrorRate(value, outcomes)")).isNotNull();
        assertThat(check("@FaultCampaign")).isNull();
        assertThat(check("@FaultCampaigns")).isNotNull();
        assertThat(check("dev.seunit.model.InjectableModel")).isNull();
        assertThat(check("dev.seunit.model.ModelUnderTest")).isNotNull();
        assertThat(check("dev.seunit.junit.assertj.SeunitAssertions.assertThat")).isNull();
        assertThat(check("dev.seunit.perf.PlainLoopBenchmark")).isNull(); // a class among the framework's tests
        assertThat(check("@API")).isNull(); // apiguardian's
    }

    /** What is wrong with the span, or null. */
    static String check(String span) {
        Matcher m;
        if ((m = ANNOTATION.matcher(span)).matches()) {
            return annotation(m.group(1), m.group(2));
        }
        if ((m = ASSIGNMENT.matcher(span)).matches()) {
            return attribute(m.group(1), m.group(2).trim());
        }
        if ((m = QUALIFIED.matcher(span)).matches()) {
            return exists(span) ? null : "no such SEUnit type or package";
        }
        if ((m = CONSTANT.matcher(span)).matches() && TYPES.containsKey(m.group(1))) {
            return constantOf(TYPES.get(m.group(1)), m.group(2)) ? null : m.group(1) + " has no constant " + m.group(2);
        }
        if ((m = METHOD.matcher(span)).matches() && TYPES.containsKey(m.group(1))) {
            String name = m.group(2);
            return Arrays.stream(TYPES.get(m.group(1)).getMethods()).anyMatch(x -> x.getName().equals(name)) ? null
                    : m.group(1) + " has no public method " + name;
        }
        return null;
    }

    private static String annotation(String name, String arguments) {
        Class<?> type = TYPES.get(name);
        if (type == null && Stream.of("org.apiguardian.api.", "org.junit.jupiter.api.").anyMatch(p -> loads(p + name))) {
            return null; // another library's annotation
        }
        if (type == null || !type.isAnnotation()) {
            return "SEUnit has no annotation @" + name;
        }
        if (arguments == null || arguments.isBlank()) {
            return null;
        }
        for (String argument : arguments.split(",\\s*(?![^{]*})")) {
            String a = argument.trim();
            Matcher assignment = ASSIGNMENT.matcher(a);
            String attribute = assignment.matches() ? assignment.group(1) : a;
            if (a.equals("...") || a.equals("{...}") || a.matches("\\{.*}|[\\d.]+|\"[^\"]*\"|[A-Z][\\w.]*")) {
                continue; // a value, as in @Pruned({0, 50}) or @Quantized(Precision.INT8)
            }
            if (attributeOf(type, attribute) == null) {
                return "@" + name + " has no attribute " + attribute;
            }
            if (assignment.matches()) {
                String problem = valueFor(attributeOf(type, attribute).getReturnType(), assignment.group(2).trim());
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    /** {@code name = value} where name is an attribute of one of SEUnit's annotations; other names are not judged. */
    private static String attribute(String name, String value) {
        String problem = null;
        for (Class<? extends Annotation> annotation : ANNOTATIONS) {
            Method attribute = attributeOf(annotation, name);
            if (attribute == null) {
                continue;
            }
            problem = valueFor(attribute.getReturnType(), value);
            if (problem == null) {
                return null;
            }
        }
        return problem;
    }

    private static Method attributeOf(Class<?> annotation, String name) {
        try {
            return annotation.getDeclaredMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static String valueFor(Class<?> type, String value) {
        if (type.isArray()) {
            String inner = value.startsWith("{") && value.endsWith("}") ? value.substring(1, value.length() - 1) : value;
            for (String element : inner.split(",")) {
                String problem = element.isBlank() ? null : valueFor(type.getComponentType(), element.trim());
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (type.isEnum()) {
            String chain = chain(type);
            Matcher constant = CONSTANT.matcher(value);
            if (constant.matches() && constant.group(1).equals(chain) && constantOf(type, constant.group(2))) {
                return null;
            }
            return "write " + chain + "." + value.substring(value.lastIndexOf('.') + 1) + " (an annotation takes the "
                    + "enum constant with its type)";
        }
        if (type == boolean.class) {
            return value.equals("true") || value.equals("false") ? null : "not a boolean";
        }
        if (type == String.class) {
            return value.startsWith("\"") && value.endsWith("\"") ? null : "a String attribute takes a quoted value";
        }
        try {
            Double.parseDouble(value.replace("_", ""));
            return null;
        } catch (NumberFormatException e) {
            return "not a number";
        }
    }

    private static boolean constantOf(Class<?> type, String name) {
        try {
            Field field = type.getField(name);
            return Modifier.isStatic(field.getModifiers());
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    /**
     * A type (possibly nested), a type's public member ({@code ...SeunitAssertions.assertThat}), a
     * package, or a class of a module this test cannot load (a benchmark among the framework's
     * tests, an example) whose source is in the repository.
     */
    private static boolean exists(String qualified) {
        for (String candidate = qualified; candidate.contains("."); candidate = candidate.substring(0,
                candidate.lastIndexOf('.'))) {
            String rest = qualified.substring(candidate.length());
            String nested = candidate + rest.replace('.', '$');
            if (loads(nested)) {
                return true;
            }
            if (loads(candidate) && rest.lastIndexOf('.') == 0) {
                String member = rest.substring(1);
                return Arrays.stream(load(candidate).getMethods()).anyMatch(m -> m.getName().equals(member))
                        || constantOf(load(candidate), member);
            }
        }
        if (GuideNamesTest.class.getClassLoader().getResource(qualified.replace('.', '/')) != null) {
            return true; // a package
        }
        try (Stream<Path> sources = Files.find(SnippetsTest.ROOT, 8, (file, attributes) -> file.toString().endsWith(
                "/java/" + qualified.replace('.', '/') + ".java") && !file.toString().contains("/target/"))) {
            return sources.findAny().isPresent();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean loads(String name) {
        return load(name) != null;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, GuideNamesTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static String chain(Class<?> type) {
        return type.getEnclosingClass() == null ? type.getSimpleName()
                : chain(type.getEnclosingClass()) + "." + type.getSimpleName();
    }

    /** Every public dev.seunit type on the class path (the guide's own classes excluded), by simple name chain. */
    private static Map<String, Class<?>> seunitTypes() {
        Map<String, Class<?>> types = new HashMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            for (String name : classNames(path)) {
                if (!name.startsWith("dev.seunit.") || name.startsWith("dev.seunit.docs.")) {
                    continue;
                }
                try {
                    Class<?> type = Class.forName(name, false, GuideNamesTest.class.getClassLoader());
                    if (Modifier.isPublic(type.getModifiers()) && !type.isAnonymousClass()) {
                        types.putIfAbsent(chain(type), type);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    // not loadable here: not a name the guide can use either
                }
            }
        }
        return types;
    }

    private static List<String> classNames(Path entry) {
        List<String> names = new ArrayList<>();
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> files = Files.walk(entry)) {
                    files.filter(f -> f.toString().endsWith(".class")).forEach(f -> names.add(
                            className(entry.relativize(f).toString().replace(File.separatorChar, '/'))));
                }
            } else if (entry.getFileName() != null && entry.getFileName().toString().startsWith("seunit-")
                    && entry.toString().endsWith(".jar")) {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    jar.stream().filter(e -> e.getName().endsWith(".class")).forEach(e -> names.add(className(e.getName())));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return names;
    }

    private static String className(String file) {
        return file.substring(0, file.length() - ".class".length()).replace('/', '.');
    }
}
