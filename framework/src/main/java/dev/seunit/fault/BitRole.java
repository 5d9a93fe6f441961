package dev.seunit.fault;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

/** What a bit of a word stores; used to group outcomes by bit class. */
@API(status = MAINTAINED, since = "0.1")
public enum BitRole {
    SIGN,
    EXPONENT,
    MANTISSA,
    /** A value bit of a two's-complement integer below the sign bit. */
    MAGNITUDE
}
