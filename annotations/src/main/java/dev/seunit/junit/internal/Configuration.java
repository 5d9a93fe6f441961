package dev.seunit.junit.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.seunit.campaign.Execution;
import dev.seunit.campaign.FastOptions;
import dev.seunit.campaign.Shard;

/**
 * SEUnit's configuration parameters, read from junit-platform.properties or system properties
 * (JUnit's own lookup), all prefixed {@code seunit.}.
 */
record Configuration(long defaultSeed, double budgetScale, Shard shard, Path journalDirectory, boolean freshJournal,
        Execution execution, FastOptions fastOptions, Path mergeDirectory) {

    static final String SEED = "seunit.seed";
    static final String BUDGET_SCALE = "seunit.budget.scale";
    static final String SHARD = "seunit.shard";
    static final String JOURNAL_DIR = "seunit.journal.dir";
    static final String JOURNAL_FRESH = "seunit.journal.fresh";
    static final String EXECUTION = "seunit.execution";
    static final String MERGE_DIR = "seunit.merge.dir";
    /** Where the shards of a CI matrix journal their records when seunit.journal.dir is not set. */
    static final Path SHARD_JOURNAL_DEFAULT = Paths.get("target", "seunit", "journal");
    static final String FAST_LANES = "seunit.fast.lanes";
    static final String FAST_CHECKPOINTS = "seunit.fast.checkpoints";
    static final long FALLBACK_SEED = 42;

    static Configuration of(ExtensionContext context) {
        Optional<String> seed = context.getConfigurationParameter(SEED);
        long defaultSeed = seed.map(v -> parseLong(SEED, v)).orElse(FALLBACK_SEED);
        double scale = context.getConfigurationParameter(BUDGET_SCALE).map(v -> parseScale(v)).orElse(1.0);
        Shard shard = context.getConfigurationParameter(SHARD).map(Configuration::parseShard).orElse(Shard.whole());
        Path journal = directory(context, JOURNAL_DIR, "(it is created if missing)");
        if (journal == null && !shard.isWhole()) {
            journal = SHARD_JOURNAL_DEFAULT; // a shard's records are for the merge step: always kept
        }
        Path merge = directory(context, MERGE_DIR, "holding the journal directories of every shard");
        if (merge != null && !java.nio.file.Files.isDirectory(merge)) {
            throw new ExtensionConfigurationException(MERGE_DIR + " = '" + merge.toAbsolutePath() + "' does not exist: "
                    + "gather the journal directories of every shard (seunit.journal.dir, default "
                    + SHARD_JOURNAL_DEFAULT + ") under it first");
        }
        if (merge != null && !shard.isWhole()) {
            throw new ExtensionConfigurationException(MERGE_DIR + " merges the records of every shard and "
                    + SHARD + " = " + shard + " runs one: set one of them");
        }
        boolean fresh = context.getConfigurationParameter(JOURNAL_FRESH).map(v -> parseBoolean(JOURNAL_FRESH, v))
                .orElse(false);
        Execution execution = context.getConfigurationParameter(EXECUTION).map(Configuration::parseExecution)
                .orElse(Execution.FAST);
        FastOptions defaults = FastOptions.defaults();
        FastOptions fast = defaults
                .withLanes(context.getConfigurationParameter(FAST_LANES).map(Configuration::parseLanes)
                        .orElse(defaults.lanes()))
                .withCheckpoints(context.getConfigurationParameter(FAST_CHECKPOINTS)
                        .map(v -> parseBoolean(FAST_CHECKPOINTS, v)).orElse(defaults.checkpoints()));
        return new Configuration(defaultSeed, scale, shard, journal, fresh, execution, fast, merge);
    }

    private static Path directory(ExtensionContext context, String key, String what) {
        Path dir = context.getConfigurationParameter(key).map(String::trim).filter(v -> !v.isEmpty()).map(Paths::get)
                .orElse(null);
        if (dir != null && java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
            throw new ExtensionConfigurationException(key + " = '" + dir.toAbsolutePath() + "' is a file, not a "
                    + "directory: point " + key + " at a directory " + what);
        }
        return dir;
    }

    boolean isSharded() {
        return !shard.isWhole();
    }

    boolean isMerge() {
        return mergeDirectory != null;
    }

    private static int parseLanes(String value) {
        try {
            int lanes = Integer.parseInt(value.trim());
            if (lanes >= 1) {
                return lanes;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ExtensionConfigurationException(FAST_LANES + " must be a whole number of at least 1 (the batches FAST "
                + "runs side by side; the default is the number of processors, 1 runs them on the test's thread); got '"
                + value + "'");
    }

    private static boolean parseBoolean(String key, String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new ExtensionConfigurationException(key + " must be true or false; got '" + value + "'");
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ExtensionConfigurationException(key + " must be a whole number (a seed such as 42); got '" + value
                    + "'");
        }
    }

    private static double parseScale(String value) {
        try {
            double scale = Double.parseDouble(value.trim());
            if (scale > 0 && Double.isFinite(scale)) {
                return scale;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ExtensionConfigurationException(BUDGET_SCALE + " must be a positive number (e.g. 0.1 for quick local "
                + "runs, 1 for CI); got '" + value + "'");
    }

    private static Execution parseExecution(String value) {
        String v = value.trim().toUpperCase(java.util.Locale.ROOT);
        for (Execution e : Execution.values()) {
            if (e.name().equals(v)) {
                return e;
            }
        }
        throw new ExtensionConfigurationException(EXECUTION + " must be one of naive, exact, fast (fast: batched "
                + "faults and deltas, the default; exact: records bit-identical to naive; naive: one full inference per "
                + "fault); got '" + value + "'");
    }

    private static Shard parseShard(String value) {
        String[] parts = value.trim().split("/");
        try {
            if (parts.length == 2) {
                int index = Integer.parseInt(parts[0]);
                int count = Integer.parseInt(parts[1]);
                if (count >= 1 && index >= 0 && index < count) {
                    return new Shard(index, count);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ExtensionConfigurationException(SHARD + " must be 'i/n' with 0 <= i < n (e.g. 0/4 for the first of "
                + "four CI jobs); got '" + value + "'");
    }
}
