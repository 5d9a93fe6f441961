/**
 * AssertJ assertions on fault-injection results: {@link dev.seunit.junit.assertj.SeunitAssertions}
 * for hard assertions, {@link dev.seunit.junit.assertj.SeunitSoftAssertions} to collect every
 * failure of a test.
 *
 * <pre>{@code
 * assertThat(result).hasNoDue()
 *         .outcomeRate(Outcome.CRITICAL).hasUpperBoundAtMost(0.01)   // the statistically sound gate
 *         .returnToCampaign()
 *         .layer("enc1*").bit(30).outcomeRate(Outcome.CRITICAL).isAtMost(0.05);
 * }</pre>
 *
 * <p>Failure messages say what was expected and found (the rate with its count and
 * Clopper-Pearson interval), show the most severe injections behind it, and end with the seed
 * that reproduces the campaign.
 */
package dev.seunit.junit.assertj;
