package dev.seunit.junit.assertj;

import static dev.seunit.campaign.Outcome.CRITICAL;
import static dev.seunit.campaign.Outcome.DUE;
import static dev.seunit.campaign.Outcome.SDC;
import static dev.seunit.junit.assertj.SeunitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.Outcome;
import dev.seunit.junit.testing.TinyCampaigns;
import dev.seunit.testing.TinyNets;
import dev.seunit.stats.MagnitudeBucket;
import dev.seunit.stats.Rate;

/**
 * {@link CampaignResultAssert} on real campaigns of {@link TinyNets#convNet} (PyTorch engine):
 * every MSB flip of a parameter, LSB flips that can never give a DUE, and any-bit flips.
 */
class CampaignResultAssertTest {

    private static TinyCampaigns campaigns;
    private static CampaignResult msb;
    private static CampaignResult lsb;
    private static CampaignResult all;

    @BeforeAll
    static void runCampaigns() {
        campaigns = new TinyCampaigns();
        msb = campaigns.msbFlips();
        lsb = campaigns.lsbFlips();
        all = campaigns.allBits();
    }

    @AfterAll
    static void close() {
        campaigns.close();
    }

    @Test
    void passingChecksChainAndNavigateBack() {
        CampaignResultAssert lsbAssert = assertThat(lsb);
        AbstractCampaignResultAssert<?, ?> back = lsbAssert.hasInjections(150).hasNoDue().hasNo(SDC, CRITICAL)
                .outcomeRate(DUE).isZero().isAtMost(0).hasUpperBoundAtMost(0.025)
                .returnToCampaign();
        assertThat(back).isSameAs(lsbAssert);
        lsbAssert.hasLowerRateThan(msb, DUE).hasSignificantlyLowerRateThan(msb, DUE).isMoreRobustThan(msb)
                .allInjectionsSatisfy(r -> assertThat(r.outcome()).isNotEqualTo(DUE));
        // every one of the nine 1.0 conv weights becomes Infinity on a bit-30 flip
        assertThat(msb).hasInjections(TinyNets.CONV_PARAMETERS + TinyNets.LINEAR_PARAMETERS)
                .layer(TinyNets.CONV_WEIGHT).hasInjections(18)
                .outcomeRate(DUE).isAtLeast(0.5).hasLowerBoundAbove(0.2);
        assertThat(msb).failureRate().hasLowerBoundAbove(0.3);
    }

    @Test
    void aFailedRateCheckSaysExpectedFoundWorstFaultsAndSeed() {
        Rate due = msb.rate(DUE);
        assertThatThrownBy(() -> assertThat(msb).outcomeRate(DUE).isAtMost(0.0))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the DUE rate of campaign <msb-flips> to be at most 0% but was "
                        + String.format(Locale.ROOT, "%.2f%% (%d/119, 95%% CI [%.2f%%, %.2f%%]).", 100 * due.estimate(),
                                due.count(), 100 * due.lower(), 100 * due.upper()))
                .hasMessageContaining("The whole 95% interval lies above 0%")
                .hasMessageContaining("01Conv2d_weight[0] bit 30: 1.0 -> Infinity => DUE")
                .hasMessageEndingWith("Seed 11: rerun with -Dseunit.seed=11");
    }

    @Test
    void theWorstFaultsAreTheThreeMostSevereOfTheOutcomesChecked() {
        List<InjectionRecord> worst = all.where(r -> r.outcome() == DUE, "DUE").worst(3);
        assertThat(worst).isNotEmpty();
        Throwable error = org.assertj.core.api.Assertions.catchThrowable(
                () -> assertThat(all).outcomeRate(DUE).isZero());
        String message = error.getMessage();
        assertThat(message).contains("Worst DUE faults:").contains("Seed 42: rerun with -Dseunit.seed=42");
        for (InjectionRecord r : worst) {
            assertThat(message).contains(r.fault().site() + " bit " + r.fault().topBit() + ": " + (float) r.valueBefore()
                    + " -> " + (float) r.valueAfter() + " => DUE");
        }
        String faults = message.substring(message.indexOf("Worst DUE faults:"), message.indexOf("Seed 42"));
        assertThat(faults.lines().skip(1)).hasSize(Math.min(3, (int) all.count(DUE)))
                .allSatisfy(line -> assertThat(line).startsWith("  ").endsWith("=> DUE"));
    }

    @Test
    void thePointEstimateCanPassWhereTheUpperBoundIsInconclusive() {
        Rate due = all.rate(DUE);
        assertThat(due.count()).as("precondition: some DUE among %s", all).isPositive();
        double limit = (due.estimate() + due.upper()) / 2;
        assertThat(all).outcomeRate(DUE).isAtMost(limit);
        assertThatThrownBy(() -> assertThat(all).outcomeRate(DUE).hasUpperBoundAtMost(limit))
                .hasMessageContaining("Expecting the upper bound of the 95% interval of the DUE rate of campaign"
                        + " <all-bits> to be at most")
                .hasMessageContaining("(" + due.count() + "/300, 95% CI [")
                .hasMessageContaining("inconclusive")
                .hasMessageContaining("trials would bring the upper bound to")
                .hasMessageContaining("Seed 42");
    }

    @Test
    void hasNoDueNamesTheCountTheMeaningAndTheFaults() {
        assertThat(lsb).hasNoDue();
        assertThat(all).bit(0).hasNoDue();
        assertThatThrownBy(() -> assertThat(msb).hasNoDue())
                .hasMessageStartingWith("Expecting no DUE in campaign <msb-flips> but " + msb.count(DUE) + " of 119"
                        + " injections ended in DUE: ")
                .hasMessageContaining("(DUE: a non-finite output, an exception or a timeout)")
                .hasMessageContaining("Worst DUE faults:")
                .hasMessageContaining("Seed 11");
        assertThatThrownBy(() -> assertThat(msb).hasNo(Outcome.MASKED, CRITICAL))
                .hasMessageContaining("Expecting no MASKED+CRITICAL in campaign <msb-flips>");
    }

    @Test
    void layerNarrowsTheResultAndPutsTheScopeInTheDescription() {
        CampaignResultAssert conv = assertThat(msb).layer("01*");
        assertThat(conv.actual().records()).isEqualTo(msb.layer("01*").records());
        assertThat(conv.descriptionText()).isEqualTo("layer=01*");
        conv.hasInjections(TinyNets.CONV_PARAMETERS);
        assertThat(msb).layer("regex:04.*").hasInjections(TinyNets.LINEAR_PARAMETERS);
        Rate convDue = msb.layer("01*").rate(DUE);
        assertThatThrownBy(() -> assertThat(msb).layer("01*").outcomeRate(DUE).hasUpperBoundAtMost(0.01))
                .hasMessageStartingWith("[layer=01*] Expecting the upper bound of the 95% interval of the DUE rate of"
                        + " campaign <msb-flips> to be at most 1.00%")
                .hasMessageContaining("(" + convDue.count() + "/20, 95% CI [")
                .hasMessageContaining("Even the lower bound")
                .hasMessageContaining("01Conv2d_weight[")
                .hasMessageNotContaining("04Linear_weight[");
    }

    @Test
    void bitNarrowsTooAndScopesAccumulate() {
        CampaignResult bit30 = all.bit(30);
        assertThat(all).bit(30).hasInjections(bit30.injections());
        CampaignResultAssert narrowed = assertThat(msb).as("conv gate").layer("01*").bit(30);
        assertThat(narrowed.descriptionText()).isEqualTo("conv gate (layer=01*, bit=30)");
        assertThatThrownBy(() -> narrowed.hasInjections(3))
                .hasMessageStartingWith("[conv gate (layer=01*, bit=30)] Expecting campaign <msb-flips> to have 3"
                        + " injections but had 20 (of 119 injections in campaign <msb-flips>, 119 planned).");
        assertThatThrownBy(() -> assertThat(all).bit(30).outcomeRate(DUE, CRITICAL).isZero())
                .hasMessageStartingWith("[bit=30] Expecting the CRITICAL+DUE rate of campaign <all-bits> to be zero")
                .hasMessageContaining(" bit 30: ");
    }

    @Test
    void whereNarrowsByAnyPredicate() {
        // bit 30 of a value in [1, 2) gives Infinity: every such MSB flip is a DUE
        CampaignResultAssert hazard = assertThat(msb).where(r -> r.magnitude() == MagnitudeBucket.ONE_TO_TWO,
                "1 <= |x| < 2");
        assertThat(hazard.descriptionText()).isEqualTo("1 <= |x| < 2");
        hazard.hasInjections(9).outcomeRate(DUE).isAtLeast(1.0);
        assertThatThrownBy(() -> assertThat(msb).where(r -> r.magnitude() == MagnitudeBucket.ONE_TO_TWO, "1 <= |x| < 2")
                .hasNoDue()).hasMessageStartingWith("[1 <= |x| < 2] Expecting no DUE in campaign <msb-flips> but 9 of 9");
    }

    @Test
    void aNarrowedResultWithoutInjectionsFailsAndListsWhatExists() {
        assertThat(msb).layer("nope*").hasInjections(0);
        assertThatThrownBy(() -> assertThat(msb).layer("nope*").hasNoDue())
                .hasMessage("[layer=nope*] Expecting campaign <msb-flips> to have no DUE but none of the 119 injections"
                        + " of the campaign falls in [layer=nope*]: nothing was tested there. They hit layers"
                        + " 01Conv2d (20), 04Linear (99) and bit 30.");
        assertThatThrownBy(() -> assertThat(msb).bit(3).outcomeRate(DUE).hasUpperBoundAtMost(0.5))
                .hasMessageContaining("none of the 119 injections of the campaign falls in [bit=3]");
        assertThatThrownBy(() -> assertThat(lsb).bit(31).hasNoDue()).hasMessageEndingWith("and bits 0-2.");
        assertThatThrownBy(() -> assertThat(msb).layer("nope*").hasLowerRateThan(lsb, DUE))
                .hasMessageStartingWith("[layer=nope*] Expecting campaign <msb-flips> to have a lower DUE rate than"
                        + " campaign <lsb-flips> but none of the 119 injections");
        assertThatThrownBy(() -> assertThat(lsb).hasLowerRateThan(msb.layer("nope*"), DUE))
                .hasMessageContaining("that result has no injections: there is nothing to compare with");
        assertThatThrownBy(() -> assertThat(msb).bit(0).allInjectionsSatisfy(r -> { }))
                .hasMessageStartingWith("[bit=0] Expecting campaign <msb-flips> to have every injection satisfy");
    }

    @Test
    void comparisonsOnThePointEstimateAndOnTheIntervals() {
        assertThatThrownBy(() -> assertThat(msb).hasLowerRateThan(lsb, DUE))
                .hasMessageStartingWith("Expecting the DUE rate of campaign <msb-flips> to be lower than that of"
                        + " campaign <lsb-flips> but it was ")
                .hasMessageContaining("against 0% (0/150, 95% CI [0%, 2.43%])")
                .hasMessageContaining("The intervals do not overlap")
                .hasMessageContaining("Seed 11: rerun with -Dseunit.seed=11 (campaign <lsb-flips>: seed 7)");

        Rate lsbDue = lsb.rate(DUE);
        Rate allDue = all.rate(DUE);
        assertThat(lsbDue.upper()).as("precondition: overlapping intervals").isGreaterThan(allDue.lower());
        assertThat(lsb).hasLowerRateThan(all, DUE);
        assertThatThrownBy(() -> assertThat(lsb).hasSignificantlyLowerRateThan(all, DUE))
                .hasMessageContaining("to be significantly lower than that of campaign <all-bits>")
                .hasMessageContaining("the upper bound 2.43% is not below")
                .hasMessageContaining("the 95% intervals overlap, so the difference may be chance");

        assertThatThrownBy(() -> assertThat(msb).isMoreRobustThan(lsb))
                .hasMessageContaining("Expecting the SDC+CRITICAL+DUE rate of campaign <msb-flips> to be"
                        + " significantly lower than that of campaign <lsb-flips>")
                .hasMessageContaining("Not even the estimates are in the expected order");
    }

    @Test
    void allInjectionsSatisfyListsTheRejectedOnes() {
        long dues = msb.count(DUE);
        assertThatThrownBy(() -> assertThat(msb).allInjectionsSatisfy(r -> assertThat(r.outcome()).isNotEqualTo(DUE)))
                .hasMessageStartingWith("Expecting every injection of campaign <msb-flips> to satisfy the given"
                        + " requirements but " + dues + " of 119 did not:")
                .hasMessageContaining("  #0 01Conv2d_weight[0] bit 30: 1.0 -> Infinity => DUE")
                .hasMessageContaining("not to be equal to")
                .hasMessageContaining("... and " + (dues - 10) + " more")
                .hasMessageEndingWith("Seed 11: rerun with -Dseunit.seed=11");
    }

    @Test
    void theUsersDescriptionCarriesOverToTheRate() {
        assertThatThrownBy(() -> assertThat(msb).as("encoder gate").outcomeRate(DUE).isAtMost(0.01))
                .hasMessageStartingWith("[encoder gate] Expecting the DUE rate of campaign <msb-flips> to be at most");
    }

    @Test
    void aResultNarrowedBeforehandShowsItsScopeInTheMessage() {
        assertThatThrownBy(() -> assertThat(msb.layer("01*")).outcomeRate(DUE).isZero())
                .hasMessageStartingWith("Expecting the DUE rate of campaign <msb-flips> [layer=01*] to be zero");
    }

    @Test
    void badInputIsReportedAsSuch() {
        assertThatThrownBy(() -> assertThat((CampaignResult) null).hasNoDue())
                .isInstanceOf(AssertionError.class).hasMessageContaining("Expecting actual not to be null");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(msb).outcomeRate(DUE).isAtMost(1.5))
                .withMessageContaining("for 1.5% write 0.015");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(msb).layer("regex:(").hasNoDue())
                .withMessageContaining("not a valid regular expression");
    }
}
