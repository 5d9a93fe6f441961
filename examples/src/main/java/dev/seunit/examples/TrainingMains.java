package dev.seunit.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.seunit.transform.ActivationKind;

/** What the examples' training mains share: engine settings, the activations asked for, where weights go. */
public final class TrainingMains {

    private TrainingMains() {
    }

    /**
     * DJL offline on one intra-op and one inter-op torch thread, unless set otherwise with -D: on a
     * small shared CPU more threads only contend (training was 15x slower here).
     */
    public static void offlineOneThread() {
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", "1"));
        System.setProperty("ai.djl.pytorch.num_interop_threads",
                System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
    }

    /** The activations named in {@code args} ({@code relu}, {@code hard-sigmoid}...), or {@code defaults} if none. */
    public static List<ActivationKind> activations(String[] args, ActivationKind... defaults) {
        List<ActivationKind> kinds = new ArrayList<>();
        for (String a : args) {
            kinds.add(ActivationKind.valueOf(a.toUpperCase(Locale.ROOT).replace('-', '_')));
        }
        return kinds.isEmpty() ? Arrays.asList(defaults) : kinds;
    }

    /**
     * The directory the weights are written to: system property {@code out}, else
     * {@code src/main/resources/dev/seunit/examples/<example>} of the examples module, from the
     * project root or the module's folder. Created if missing.
     */
    public static Path outputDirectory(String example) throws IOException {
        String resources = "src/main/resources/dev/seunit/examples/" + example;
        Path out = Paths.get(System.getProperty("out",
                Files.isDirectory(Paths.get("examples/src/main")) ? "examples/" + resources : resources));
        Files.createDirectories(out);
        return out;
    }
}
