package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

import dev.seunit.fault.Fault;

/**
 * How a statistical budget divides the fault space into strata, each getting a Leveugle sample
 * of its own. Rates over the whole space then weigh each stratum by its share of the space.
 */
@API(status = EXPERIMENTAL, since = "0.2")
public enum Strata {
    /** No strata: one Leveugle sample drawn uniformly over the whole space. */
    NONE,
    /** One stratum per layer (all of its parameter tensors, every selected bit). */
    LAYER,
    /**
     * One stratum per layer and bit (the highest bit a fault touches), as the reference study's
     * campaign: small layers and rarely harmful bits get as close a look as the rest.
     */
    LAYER_AND_BIT;

    /** The stratum a fault falls in; "" without strata. */
    public String keyOf(Fault fault) {
        switch (this) {
            case LAYER:
                return fault.site().layer();
            case LAYER_AND_BIT:
                return key(fault.site().layer(), fault.topBit());
            default:
                return "";
        }
    }

    /** The key of the stratum of {@code layer} and {@code bit} under {@link #LAYER_AND_BIT}. */
    public static String key(String layer, int bit) {
        return layer + " bit " + bit;
    }
}
