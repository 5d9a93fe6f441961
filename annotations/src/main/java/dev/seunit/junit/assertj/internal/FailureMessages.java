package dev.seunit.junit.assertj.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apiguardian.api.API;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.Outcome;
import dev.seunit.campaign.OutcomeCounts;
import dev.seunit.fault.Corruption;
import dev.seunit.fault.Fault;
import dev.seunit.fault.NumberFormat;
import dev.seunit.stats.Rate;

/**
 * The pieces SEUnit failure messages are made of: percentages, rates with their intervals, the
 * worst injections and the seed line. Shared by the AssertJ assertions and the JUnit gates so
 * that a failure reads the same wherever it comes from.
 */
@API(status = INTERNAL, since = "0.1")
public final class FailureMessages {

    /** How many of the most severe injections a failure message lists. */
    public static final int WORST_SHOWN = 3;

    private static final int MAX_LISTED_NAMES = 20;

    private FailureMessages() {
    }

    /** {@code 0.032} as {@code 3.20%}; small values keep three significant digits ({@code 0.0123%}). */
    public static String percent(double fraction) {
        return percent(fraction, 2);
    }

    /**
     * {@code a} and {@code b} as percentages with enough digits to tell them apart (when they
     * differ): a rate of 1.004% is not shown as "1.00%" next to a limit of 1.00%.
     */
    public static String[] percents(double a, double b) {
        for (int digits = 2; digits < 8; digits++) {
            String pa = percent(a, digits);
            String pb = percent(b, digits);
            if (a == b || !pa.equals(pb)) {
                return new String[] {pa, pb};
            }
        }
        return new String[] {percent(a, 8), percent(b, 8)};
    }

    private static String percent(double fraction, int digits) {
        double p = 100 * fraction;
        if (p == 0) {
            return "0%";
        }
        if (!Double.isFinite(p)) {
            return p + "%";
        }
        if (Math.abs(p) >= 1) {
            return String.format(Locale.ROOT, "%." + digits + "f%%", p);
        }
        String small = String.format(Locale.ROOT, "%." + (digits + 1) + "g", p);
        if (small.contains(".") && !small.contains("e")) {
            small = small.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return small + "%";
    }

    /** {@code 0.95} as {@code 95%}, {@code 0.995} as {@code 99.5%}. */
    public static String confidence(double confidence) {
        return BigDecimal.valueOf(confidence).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    /** {@code 3.20% (16/500, 95% CI [1.84%, 5.14%])}. */
    public static String rate(Rate rate) {
        return percent(rate.estimate()) + " " + counts(rate);
    }

    /**
     * {@code (16/500, 95% CI [1.84%, 5.14%])}; a rate of a stratified sample says so:
     * {@code (16/500 weighted by stratum, 95% stratified (Fay-Feuer gamma) CI [...])}.
     */
    public static String counts(Rate rate) {
        boolean exact = rate.method() == Rate.Method.CLOPPER_PEARSON;
        String weighted = rate.method() == Rate.Method.STRATIFIED ? " weighted by stratum" : "";
        return "(" + rate.count() + "/" + rate.trials() + weighted + ", " + confidence(rate.confidence())
                + (exact ? "" : " " + rate.method()) + " CI [" + percent(rate.lower()) + ", " + percent(rate.upper())
                + "])";
    }

    /** {@code DUE}, or {@code SDC+CRITICAL+DUE} for several outcomes. */
    public static String outcomes(Set<Outcome> outcomes) {
        return outcomes.stream().sorted().map(Outcome::name).collect(Collectors.joining("+"));
    }

    /** What an outcome means, in a few words. */
    public static String meaning(Outcome outcome) {
        switch (outcome) {
            case MASKED:
                return "the output is bit-identical to golden";
            case BENIGN:
                return "the output changed but every prediction is the golden one";
            case SDC:
                return "predictions changed, within the declared tolerance";
            case CRITICAL:
                return "predictions changed beyond the declared tolerance";
            case DUE:
                return "a non-finite output, an exception or a timeout";
            default:
                throw new AssertionError(outcome);
        }
    }

    /** {@code campaign <msb-flips>}, with {@code [scope]} unless the scope is said elsewhere. */
    public static String campaign(CampaignResult result, boolean withScope) {
        String scope = result.scope();
        return "campaign <" + result.info().name() + ">" + (withScope && !scope.isEmpty() ? " [" + scope + "]" : "");
    }

    /**
     * The {@link #WORST_SHOWN} most severe of {@code result}'s injections that ended in one of
     * {@code outcomes} (all injections when {@code outcomes} is empty), as an indented block
     * with a heading; empty when there are none.
     */
    public static String worst(CampaignResult result, Set<Outcome> outcomes) {
        CampaignResult pool = outcomes.isEmpty() ? result
                : result.where(r -> outcomes.contains(r.outcome()), "outcome=" + outcomes(outcomes));
        List<InjectionRecord> worst = pool.worst(WORST_SHOWN);
        if (worst.isEmpty()) {
            return "";
        }
        return worst.stream().map(r -> "  " + r)
                .collect(Collectors.joining("\n", "\nWorst " + (outcomes.isEmpty() ? "" : outcomes(outcomes) + " ")
                        + "faults:\n", ""));
    }

    /** {@code Seed 42: rerun with -Dseunit.seed=42}. */
    public static String seed(CampaignResult result) {
        long seed = result.info().seed();
        return "Seed " + seed + ": rerun with -Dseunit.seed=" + seed;
    }

    /**
     * Why a narrowed result has nothing to check: what its parent's injections did hit, e.g.
     * {@code none of the 400 injections of the campaign falls in [layer=enc9*]: nothing was
     * tested there. They hit layers enc1 (120), dec1 (280) and bits 0-31}.
     */
    public static String emptyScope(CampaignResult empty, CampaignResult parent) {
        if (parent.injections() == 0) {
            return campaign(parent, true) + " has no injections: nothing was tested";
        }
        Map<String, OutcomeCounts> layers = parent.byLayer();
        String layerList = layers.entrySet().stream().limit(MAX_LISTED_NAMES)
                .map(e -> e.getKey() + " (" + e.getValue().total() + ")").collect(Collectors.joining(", "))
                + (layers.size() > MAX_LISTED_NAMES ? ", ... (" + layers.size() + " layers)" : "");
        return "none of the " + count(parent.injections()) + " injections of the campaign falls in ["
                + empty.scope() + "]: nothing was tested there. They hit layer" + (layers.size() == 1 ? " " : "s ")
                + layerList + " and bit" + (parent.byBit().size() == 1 ? " " : "s ")
                + ranges(parent.byBit().keySet().stream().mapToInt(Integer::intValue).toArray());
    }

    /** {@code 0-7, 30, 31} style. */
    static String ranges(int[] sortedValues) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < sortedValues.length; i++) {
            int start = sortedValues[i];
            while (i + 1 < sortedValues.length && sortedValues[i + 1] == sortedValues[i] + 1) {
                i++;
            }
            if (s.length() > 0) {
                s.append(", ");
            }
            s.append(start);
            if (sortedValues[i] > start + 1) {
                s.append('-').append(sortedValues[i]);
            } else if (sortedValues[i] == start + 1) {
                s.append(", ").append(sortedValues[i]);
            }
        }
        return s.toString();
    }

    /**
     * Roughly how many injections would bring the upper bound of a rate observed at
     * {@code estimate} down to {@code limit} at {@code confidence}; -1 when the estimate is not
     * below the limit or more than a hundred million would be needed.
     */
    public static long injectionsToShowAtMost(double estimate, double limit, double confidence) {
        if (!(estimate < limit)) {
            return -1;
        }
        long cap = 100_000_000L;
        long hi = 1;
        while (!upperAtMost(estimate, hi, limit, confidence)) {
            if (hi >= cap) {
                return -1;
            }
            hi = Math.min(cap, hi * 2);
        }
        long lo = hi / 2;
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (upperAtMost(estimate, mid, limit, confidence)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private static boolean upperAtMost(double estimate, long trials, double limit, double confidence) {
        long count = Math.round(estimate * trials);
        return Rate.clopperPearson(count, trials, confidence).upper() <= limit;
    }

    /** The first line of a possibly multi-line text. */
    public static String firstLine(String text) {
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip() + " ...";
    }

    /** {@code text} with every line indented by {@code indent}. */
    public static String indent(String text, String indent) {
        return text.lines().map(l -> indent + l).collect(Collectors.joining("\n"));
    }

    /** A thousands-grouped count, {@code 12,345}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
