package dev.seunit.junit;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

import dev.seunit.fault.BitSelection;

/**
 * The named bit classes of {@link FaultCampaign#bits()}. Bit 0 is the least significant bit;
 * {@link #MSB} is bit 30 of a float32 (the top exponent bit) and bit 7 of an int8.
 */
@API(status = MAINTAINED, since = "0.1")
public enum Bits {
    SIGN, MSB, EXPONENT, MANTISSA, ALL;

    public BitSelection selection() {
        return BitSelection.of(BitSelection.Kind.valueOf(name()));
    }
}
