package dev.seunit.allure.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.google.gson.GsonBuilder;

import ai.djl.engine.Engine;

/** Run-level Allure files: environment, categories, executor, and the history of the last report. */
@API(status = INTERNAL, since = "0.1")
public final class RunFiles {

    private RunFiles() {
    }

    /** Writes environment.properties, categories.json and executor.json into {@code results}. */
    public static void write(Path results, boolean engineLoaded) {
        try {
            Files.createDirectories(results);
            Files.writeString(results.resolve("environment.properties"), environment(engineLoaded),
                    StandardCharsets.ISO_8859_1);
            Files.writeString(results.resolve("categories.json"), categories(), StandardCharsets.UTF_8);
            Files.writeString(results.resolve("executor.json"), executor(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Allure run files into " + results.toAbsolutePath(), e);
        }
    }

    static String environment(boolean engineLoaded) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SEUnit", version(RunFiles.class.getPackage().getImplementationVersion()));
        env.put("DJL", version(Engine.getDjlVersion()));
        if (engineLoaded) {
            try {
                Engine engine = Engine.getInstance();
                env.put("Engine", engine.getEngineName() + " " + engine.getVersion());
                if (Engine.hasEngine("PyTorch")) {
                    env.put("PyTorch", Engine.getEngine("PyTorch").getVersion());
                }
            } catch (RuntimeException e) {
                env.put("Engine", "unavailable: " + e.getMessage());
            }
        } else {
            env.put("Engine", "not loaded in this run");
        }
        env.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version",
                System.getProperty("java.version")) + " (" + System.getProperty("java.vendor") + ")");
        env.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        env.put("CPU", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        env.put("Max.heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        env.put("ai.djl.offline", String.valueOf(System.getProperty("ai.djl.offline")));
        StringBuilder s = new StringBuilder();
        env.forEach((k, v) -> s.append(k).append(" = ").append(escape(v)).append('\n'));
        return s.toString();
    }

    private static String version(String v) {
        return v == null ? "development build" : v;
    }

    private static String escape(String v) {
        StringBuilder s = new StringBuilder();
        for (char c : v.toCharArray()) {
            if (c == '\\' || c == '\n' || c == '\r') {
                s.append(' ');
            } else if (c > 0xff) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst().orElse(System.getProperty("os.arch"));
            } catch (IOException | UncheckedIOException e) {
                // fall through
            }
        }
        return System.getProperty("os.arch");
    }

    /** Allure categories: gate breaches, inconclusive gates, DUE failures, framework errors. */
    static String categories() {
        List<Map<String, Object>> categories = List.of(
                category("Robustness threshold breached", List.of("failed"),
                        "(?s).*@MaxErrorRate.*the threshold is breached.*", null),
                category("Inconclusive campaign (budget exhausted)", List.of("failed"),
                        "(?s).*@MaxErrorRate.*inconclusive.*", null),
                category("Property falsified by a fault scenario", List.of("failed"),
                        "(?s)Property .* falsified at try .*", null),
                category("Model DUE (non-finite output or exception)", List.of("failed", "broken"),
                        "(?s)(?!.*@MaxErrorRate).*\\b(DUE|NaN|Infinity|non-finite)\\b.*", null),
                category("SEUnit framework or configuration error", List.of("broken"), null,
                        "(?s).*(ExtensionConfigurationException|ModelCorruptedException|ParameterResolutionException"
                                + "|dev\\.seunit\\.).*"));
        return new GsonBuilder().setPrettyPrinting().create().toJson(categories);
    }

    private static Map<String, Object> category(String name, List<String> statuses, String messageRegex,
            String traceRegex) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("matchedStatuses", statuses);
        if (messageRegex != null) {
            c.put("messageRegex", messageRegex);
        }
        if (traceRegex != null) {
            c.put("traceRegex", traceRegex);
        }
        return c;
    }

    static String executor() {
        Map<String, Object> e = new LinkedHashMap<>();
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e1) {
            host = "localhost";
        }
        e.put("name", ci ? "CI" : "local build on " + host);
        e.put("type", ci ? "ci" : "local");
        e.put("buildName", "SEUnit robustness tests " + java.time.LocalDateTime.now().withNano(0));
        e.put("reportName", "SEUnit soft-error robustness");
        return new GsonBuilder().setPrettyPrinting().create().toJson(e);
    }

    /**
     * Copies the {@code history} folder of the last generated report into the results, so the next
     * report shows trends; does nothing when there is no earlier report.
     */
    public static boolean carryHistory(Path reportHistory, Path results) {
        if (!Files.isDirectory(reportHistory)) {
            return false;
        }
        Path into = results.resolve("history");
        try (Stream<Path> files = Files.list(reportHistory)) {
            Files.createDirectories(into);
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, into.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot carry the Allure history from " + reportHistory, e);
        }
    }
}
