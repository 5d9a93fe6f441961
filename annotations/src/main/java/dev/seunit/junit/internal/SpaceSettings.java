package dev.seunit.junit.internal;

import java.util.Arrays;

import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.Target;
import dev.seunit.campaign.Task;
import dev.seunit.fault.BitSelection;
import dev.seunit.junit.Bits;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.FaultKind;
import dev.seunit.junit.FaultProperty;
import dev.seunit.model.ParameterKind;

/** The fault-space and comparison attributes {@link FaultCampaign} and {@link FaultProperty} share. */
record SpaceSettings(Target target, String layers, ParameterKind[] kinds, Bits bits, int[] bitList,
        FaultKind faultKind, int k, Task.Kind taskKind, double relativeTolerance, double tolerance) {

    static SpaceSettings of(FaultCampaign c) {
        return new SpaceSettings(c.target(), c.layers(), c.kinds(), c.bits(), c.bitList(), c.faultModel(), c.k(),
                c.task(), c.relativeTolerance(), c.tolerance());
    }

    static SpaceSettings of(FaultProperty p) {
        return new SpaceSettings(p.target(), p.layers(), p.kinds(), p.bits(), p.bitList(), p.faultModel(), p.k(),
                p.task(), p.relativeTolerance(), p.tolerance());
    }

    void validate(CampaignSettings.Invalid invalid) {
        boolean multiBit = faultKind == FaultKind.ADJACENT_BITS || faultKind == FaultKind.RANDOM_BITS;
        invalid.check(!multiBit || k >= 2 && k <= 32, "k", k, "must be 2 to 32 bits for " + faultKind);
        invalid.check(tolerance >= 0 && tolerance <= 1, "tolerance", tolerance,
                "is a share of predictions and must be in [0, 1]");
        invalid.check(relativeTolerance >= 0, "relativeTolerance", relativeTolerance, "must be >= 0");
        invalid.check(!layers.isBlank(), "layers", "\"" + layers + "\"", "must not be blank; use \"*\" for all");
        invalid.check(Arrays.stream(bitList).allMatch(b -> b >= 0 && b < 32), "bitList", Arrays.toString(bitList),
                "must hold bit positions from 0 (LSB) to 31");
        invalid.check(kinds.length == 0 || target == Target.PARAMETERS, "kinds", Arrays.toString(kinds),
                "applies to parameters only, but target = " + target + "; remove kinds or use target = PARAMETERS");
    }

    BitSelection bitSelection() {
        return bitList.length > 0 ? BitSelection.of(bitList) : bits.selection();
    }

    Task task() {
        switch (taskKind) {
            case SEGMENTATION:
                return Task.segmentation();
            case REGRESSION:
                return Task.regression(relativeTolerance);
            default:
                return Task.classification();
        }
    }

    /** {@code builder} with this fault space, fault model and comparison. */
    Campaign.Builder applyTo(Campaign.Builder builder) {
        return builder.target(target).layers(layers).kinds(kinds).bits(bitSelection()).faultModel(faultKind.model(k))
                .task(task()).tolerance(tolerance);
    }
}
