package dev.seunit.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.opentest4j.AssertionFailedError;

/**
 * A {@link MaxErrorRate} was not met: the rate's lower bound is above the threshold (a breach),
 * or the interval still contains it when the budget ran out ({@link #isInconclusive()}).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class GateFailedError extends AssertionFailedError {

    private static final long serialVersionUID = 1L;

    private final boolean inconclusive;

    public GateFailedError(String message, boolean inconclusive) {
        super(message);
        this.inconclusive = inconclusive;
    }

    public boolean isInconclusive() {
        return inconclusive;
    }
}
