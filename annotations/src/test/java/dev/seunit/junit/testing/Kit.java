package dev.seunit.junit.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;

import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs sample test classes through the Jupiter engine, as a user's build would. */
public final class Kit {

    private Kit() {
    }

    public static EngineExecutionResults run(Class<?> testClass) {
        return run(testClass, Map.of());
    }

    public static EngineExecutionResults run(Class<?> testClass, Map<String, String> configuration) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass))
                .configurationParameters(configuration).execute();
    }
}
