package dev.seunit.junit.assertj;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.assertj.core.api.SoftAssertions;

/**
 * Soft assertions for SEUnit results next to all of AssertJ's standard ones: every failed
 * check is collected and {@link #assertAll()} reports them together, so one test run shows
 * every layer or outcome that misses its limit.
 *
 * <pre>{@code
 * SeunitSoftAssertions softly = new SeunitSoftAssertions();
 * softly.assertThat(result).hasNoDue();
 * softly.assertThat(result).layer("enc1*").outcomeRate(Outcome.CRITICAL).hasUpperBoundAtMost(0.01);
 * softly.assertThat(result).layer("dec*").outcomeRate(Outcome.CRITICAL).hasUpperBoundAtMost(0.01);
 * softly.assertAll();
 * }</pre>
 *
 * <p>With JUnit Jupiter, AssertJ's {@code SoftAssertionsExtension} injects it and calls
 * {@code assertAll()} after the test:
 *
 * <pre>{@code
 * @ExtendWith(SoftAssertionsExtension.class)
 * class RobustnessTest {
 *     @InjectSoftAssertions
 *     SeunitSoftAssertions softly;
 *     ...
 * }
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class SeunitSoftAssertions extends SoftAssertions implements SeunitSoftAssertionsProvider {
}
