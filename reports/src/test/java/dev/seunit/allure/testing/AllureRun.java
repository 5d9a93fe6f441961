package dev.seunit.allure.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.junitplatform.AllureJunitPlatform;

import dev.seunit.allure.SeunitRunListener;

/**
 * Runs {@link SampleStudy} and {@link SwappedActivationStudy} once per JVM through a launcher with the Allure and SEUnit listeners,
 * as a user's build would, then builds the HTML report with the Allure 2 commandline that the
 * build unpacked from Maven Central.
 */
public final class AllureRun {

    public static final Path ROOT = Path.of("target", "allure-e2e").toAbsolutePath();
    public static final Path RESULTS = ROOT.resolve("allure-results");
    public static final Path REPORT = ROOT.resolve("allure-report");
    public static final Path SUMMARY = ROOT.resolve("seunit/run-summary.json");

    private static TestExecutionSummary summary;

    private AllureRun() {
    }

    /** Runs the suite and builds the report, once. */
    public static synchronized TestExecutionSummary ensure() throws IOException, InterruptedException {
        if (summary == null) {
            deleteRecursively(ROOT);
            summary = runSuite();
            generateReport();
        }
        return summary;
    }

    private static TestExecutionSummary runSuite() {
        AllureLifecycle previous = Allure.getLifecycle();
        AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(RESULTS));
        SummaryGeneratingListener counts = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(new AllureJunitPlatform(lifecycle),
                        new SeunitRunListener(RESULTS, SUMMARY, REPORT.resolve("history")), counts)
                .build());
        Allure.setLifecycle(lifecycle); // where AllureCampaignListener writes
        try {
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(SampleStudy.class),
                    selectClass(SwappedActivationStudy.class)).build());
        } finally {
            Allure.setLifecycle(previous);
        }
        return counts.getSummary();
    }

    private static void generateReport() throws IOException, InterruptedException {
        String home = System.getProperty("seunit.allure.commandline");
        if (home == null) {
            throw new IllegalStateException("system property seunit.allure.commandline is not set: run through Maven "
                    + "(the build unpacks the Allure commandline from Maven Central)");
        }
        ProcessBuilder pb = new ProcessBuilder("sh", Path.of(home, "bin", "allure").toString(), "generate",
                RESULTS.toString(), "-o", REPORT.toString(), "--clean");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path log = ROOT.resolve("allure-generate.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("allure generate failed:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
