package dev.seunit.allure;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;

import org.apiguardian.api.API;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

import io.qameta.allure.util.PropertiesUtils;

import dev.seunit.allure.internal.Recorder;
import dev.seunit.allure.internal.RunFiles;
import dev.seunit.allure.internal.RunSummary;

/**
 * The run-level part of the report, as a JUnit Platform launcher listener (registered as a
 * service, so any launcher picks it up): before the run it carries the history of the last
 * Allure report into the results; after it, when SEUnit tests ran, it writes
 * {@code environment.properties}, {@code categories.json} and {@code executor.json} into the
 * Allure results and the run summary JSON for CI trend gates.
 *
 * <p>Where: the results directory is Allure's {@code allure.results.directory} (default
 * {@code allure-results}); the summary goes to {@code seunit.summary.file} (default
 * {@code target/seunit/run-summary.json}); the history comes from {@code seunit.allure.history}
 * (default {@code target/site/allure-maven-plugin/history}, where allure-maven puts the report).
 *
 * <p>Public only so that {@link java.util.ServiceLoader} can create it; not for direct use.
 */
@API(status = INTERNAL, since = "0.1")
public final class SeunitRunListener implements TestExecutionListener {

    private final Path results;
    private final Path summary;
    private final Path history;
    private Recorder run;

    public SeunitRunListener() {
        this(Path.of(PropertiesUtils.loadAllureProperties().getProperty("allure.results.directory", "allure-results")),
                Path.of(System.getProperty("seunit.summary.file", "target/seunit/run-summary.json")),
                Path.of(System.getProperty("seunit.allure.history", "target/site/allure-maven-plugin/history")));
    }

    public SeunitRunListener(Path results, Path summary, Path history) {
        this.results = results;
        this.summary = summary;
        this.history = history;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        run = Recorder.start();
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Recorder finished = run;
        Recorder.finish(finished);
        if (finished == null || finished.isEmpty()) {
            return;
        }
        RunFiles.carryHistory(history, results);
        RunFiles.write(results, true);
        RunSummary.write(finished, summary);
    }
}
