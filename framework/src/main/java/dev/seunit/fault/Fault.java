package dev.seunit.fault;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Arrays;

import org.apiguardian.api.API;

/** One fault: a site, the fault model, the format of the word there and the exact corruption. */
@API(status = MAINTAINED, since = "0.1")
public record Fault(FaultSite site, FaultModel model, NumberFormat format, Corruption corruption) {

    /** A single bit flip of {@code bit} at {@code site}. */
    public static Fault bitFlip(FaultSite site, NumberFormat format, int bit) {
        format.checkBit(bit);
        return new Fault(site, FaultModel.bitFlip(), format, Corruption.flip(1L << bit));
    }

    /** The corrupted word. */
    public long apply(long word) {
        return corruption.apply(word) & format.wordMask();
    }

    /** The bits the fault addresses. */
    public int[] bits() {
        return corruption.bits();
    }

    /** The highest bit the fault addresses; the bit that usually decides its effect. */
    public int topBit() {
        return 63 - Long.numberOfLeadingZeros(corruption.mask());
    }

    @Override
    public String toString() {
        String bits = corruption.operation() == Corruption.Operation.REPLACE
                ? "<- 0x" + Long.toHexString(corruption.value())
                : "bit" + (Long.bitCount(corruption.mask()) > 1 ? "s " + Arrays.toString(bits()) : " " + topBit());
        return site + " " + bits + " (" + model + ", " + format + ")";
    }
}
