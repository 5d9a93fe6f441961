package dev.seunit.junit;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

import dev.seunit.fault.FaultModel;

/** The fault models an annotation can name; {@code k} is the number of bits of a multi-bit upset. */
@API(status = MAINTAINED, since = "0.1")
public enum FaultKind {
    BIT_FLIP, ADJACENT_BITS, RANDOM_BITS, STUCK_AT_0, STUCK_AT_1, RANDOM_VALUE;

    public FaultModel model(int k) {
        switch (this) {
            case BIT_FLIP:
                return FaultModel.bitFlip();
            case ADJACENT_BITS:
                return FaultModel.adjacentBits(k);
            case RANDOM_BITS:
                return FaultModel.randomBits(k);
            case STUCK_AT_0:
                return FaultModel.stuckAt0();
            case STUCK_AT_1:
                return FaultModel.stuckAt1();
            default:
                return FaultModel.randomValue();
        }
    }
}
