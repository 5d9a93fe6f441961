package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.stream.IntStream;

import org.apiguardian.api.API;

/**
 * One of {@code count} jobs that share a campaign's plan (a CI matrix): job {@code index} runs
 * the planned injections {@code index}, {@code index + count}, {@code index + 2 count}, ...
 * Together the jobs run exactly the injections one job would.
 */
@API(status = EXPERIMENTAL, since = "0.2")
public record Shard(int index, int count) {

    private static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("a shard is i/n with 0 <= i < n (e.g. 0/4 for the first of four jobs); "
                    + "got " + index + "/" + count);
        }
    }

    /** The whole plan: one job. */
    public static Shard whole() {
        return WHOLE;
    }

    public boolean isWhole() {
        return count == 1;
    }

    /** Whether plan index {@code planIndex} is this shard's. */
    public boolean owns(int planIndex) {
        return planIndex % count == index;
    }

    /** This shard's plan indices in {@code [from, to)}, ascending. */
    public int[] planIndices(int from, int to) {
        return IntStream.range(from, to).filter(this::owns).toArray();
    }

    /** How many of the first {@code planned} plan indices are this shard's. */
    public int injectionsBelow(int planned) {
        return planned <= index ? 0 : (planned - index + count - 1) / count;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
