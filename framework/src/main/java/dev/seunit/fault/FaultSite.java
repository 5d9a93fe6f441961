package dev.seunit.fault;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

/**
 * Where a fault lands: an element of a parameter tensor, or an element of the output of a
 * named layer (per input: the same element is hit in every input's inference).
 */
@API(status = MAINTAINED, since = "0.1")
public sealed interface FaultSite permits FaultSite.Parameter, FaultSite.Activation {

    /** The parameter or layer name. */
    String name();

    /** The flat (row-major) index of the element. */
    long index();

    /** The layer the site belongs to, used to group results. */
    String layer();

    static FaultSite parameter(String parameter, String layer, long index) {
        return new Parameter(parameter, layer, index);
    }

    static FaultSite activation(String layer, long index) {
        return new Activation(layer, index);
    }

    @API(status = MAINTAINED, since = "0.1")
    record Parameter(String name, String layer, long index) implements FaultSite {
        @Override
        public String toString() {
            return name + "[" + index + "]";
        }
    }

    @API(status = MAINTAINED, since = "0.1")
    record Activation(String name, long index) implements FaultSite {
        @Override
        public String layer() {
            return name;
        }

        @Override
        public String toString() {
            return name + ":out[" + index + "]";
        }
    }
}
