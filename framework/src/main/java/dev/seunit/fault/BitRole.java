package dev.seunit.fault;

/** What a bit of a word stores; used to group outcomes by bit class. */
public enum BitRole {
    SIGN,
    EXPONENT,
    MANTISSA,
    /** A value bit of a two's-complement integer below the sign bit. */
    MAGNITUDE
}
