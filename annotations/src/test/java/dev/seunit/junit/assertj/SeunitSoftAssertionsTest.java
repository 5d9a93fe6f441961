package dev.seunit.junit.assertj;

import static dev.seunit.campaign.Outcome.CRITICAL;
import static dev.seunit.campaign.Outcome.DUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.stream.Collectors;

import org.assertj.core.api.SoftAssertions;
import org.assertj.core.api.junit.jupiter.InjectSoftAssertions;
import org.assertj.core.api.junit.jupiter.SoftAssertionsExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.junit.testing.TinyCampaigns;
import dev.seunit.stats.Rate;

/** Soft assertions: failures of campaign checks, narrowed checks and rate checks are collected, not thrown. */
@ExtendWith(SoftAssertionsExtension.class)
class SeunitSoftAssertionsTest {

    private static TinyCampaigns campaigns;
    private static CampaignResult msb;
    private static CampaignResult lsb;

    @InjectSoftAssertions
    private SeunitSoftAssertions injected;

    @BeforeAll
    static void runCampaigns() {
        campaigns = new TinyCampaigns();
        msb = campaigns.msbFlips();
        lsb = campaigns.lsbFlips();
    }

    @AfterAll
    static void close() {
        campaigns.close();
    }

    @Test
    void collectsEveryFailureIncludingThoseAfterNavigation() {
        SeunitSoftAssertions softly = new SeunitSoftAssertions();
        softly.assertThat(msb).hasNoDue(); // 1
        softly.assertThat(msb).layer("01*").outcomeRate(DUE).isAtMost(0.01) // 2
                .returnToCampaign().hasInjections(5); // 3: the narrowed result has 20
        softly.assertThat(lsb).hasNoDue().outcomeRate(DUE).isZero(); // passes
        softly.assertThat(Rate.clopperPearson(5, 100, 0.95)).isZero(); // 4
        softly.assertThat("standard assertions work too").startsWith("nope"); // 5

        List<String> messages = softly.errorsCollected().stream().map(Throwable::getMessage)
                .collect(Collectors.toList());
        assertThat(messages).hasSize(5);
        assertThat(messages.get(0)).startsWith("Expecting no DUE in campaign <msb-flips>");
        assertThat(messages.get(1)).startsWith("[layer=01*] Expecting the DUE rate of campaign <msb-flips> to be at"
                + " most 1.00%").contains("Seed 11");
        assertThat(messages.get(2)).startsWith("[layer=01*] Expecting campaign <msb-flips> to have 5 injections but"
                + " had 20");
        assertThat(messages.get(3)).startsWith("Expecting the rate to be zero but 5 of 100");
        assertThat(messages.get(4)).contains("nope");

        assertThatThrownBy(softly::assertAll).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Multiple Failures (5 failures)")
                .hasMessageContaining("Expecting no DUE in campaign <msb-flips>")
                .hasMessageContaining("to have 5 injections but had 20");
    }

    @Test
    void aChainGoesOnAfterAFailure() {
        SeunitSoftAssertions softly = new SeunitSoftAssertions();
        softly.assertThat(msb).hasNoDue().hasInjections(119).hasNo(CRITICAL).layer("nope*").hasInjections(0)
                .hasNoDue();
        assertThat(softly.errorsCollected()).hasSize(3);
        assertThat(softly.errorsCollected().get(2)).hasMessageContaining("falls in [layer=nope*]");
    }

    @Test
    void assertSoftlyReportsAllFailuresAtTheEnd() {
        assertThatThrownBy(() -> SeunitAssertions.assertSoftly(softly -> {
            softly.assertThat(msb).outcomeRate(DUE).hasUpperBoundAtMost(0.01);
            softly.assertThat(msb).bit(30).outcomeRate(CRITICAL).isZero();
        })).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Multiple Failures (2 failures)")
                .hasMessageContaining("Expecting the upper bound of the 95% interval of the DUE rate")
                .hasMessageContaining("[bit=30] Expecting the CRITICAL rate of campaign <msb-flips> to be zero");
        assertThatCode(() -> SeunitAssertions.assertSoftly(softly -> softly.assertThat(lsb).hasNoDue()))
                .doesNotThrowAnyException();
    }

    @Test
    void injectedByAssertjsExtension() {
        injected.assertThat(lsb).hasNoDue().isMoreRobustThan(msb)
                .layer("01*").outcomeRate(DUE).isZero();
        injected.assertThat(msb).outcomeRate(DUE).hasLowerBoundAbove(0.1);
    }

    @Test
    void theExtensionReportsCollectedFailuresOncePerTest() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(ExtensionCase.class))
                .configurationParameter(ExtensionCase.RUN, "true").execute().testEvents();
        tests.assertStatistics(stats -> stats.started(2).succeeded(0).failed(2));
        List<String> failures = tests.failed().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow().getMessage())
                .collect(Collectors.toList());
        assertThat(failures).hasSize(2).allSatisfy(message -> assertThat(message)
                .contains("Multiple Failures (2 failures)")
                .contains("Expecting no DUE in campaign <msb-flips>")
                .contains("Expecting the rate to be at most 1.00% but was 5.00%"));
    }

    /** Fails on purpose; run only through the engine kit by the test above. */
    @ExtendWith(SoftAssertionsExtension.class)
    @EnabledIf("runByTheEngineKit")
    static class ExtensionCase {

        static final String RUN = "seunit.test.extension-case";

        static boolean runByTheEngineKit(ExtensionContext context) {
            return context.getConfigurationParameter(RUN).isPresent();
        }

        @InjectSoftAssertions
        SeunitSoftAssertions softly;

        @Test
        void field() {
            softly.assertThat(msb).hasNoDue();
            softly.assertThat(Rate.clopperPearson(5, 100, 0.95)).isAtMost(0.01);
        }

        @Test
        void parameter(SeunitSoftAssertions parameter) {
            parameter.assertThat(msb).hasNoDue();
            parameter.assertThat(Rate.clopperPearson(5, 100, 0.95)).isAtMost(0.01);
        }
    }

    @Test
    void aPlainSoftAssertionsProviderCanMixInTheSeunitChecks() {
        class MySoftAssertions extends SoftAssertions implements SeunitSoftAssertionsProvider {
        }
        MySoftAssertions softly = new MySoftAssertions();
        softly.assertThat(msb).hasNoDue();
        softly.assertThat(List.of(1)).isEmpty();
        assertThat(softly.errorsCollected()).hasSize(2);
    }
}
