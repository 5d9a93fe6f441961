package dev.seunit.junit.internal;

import java.util.Arrays;

import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.FaultTarget;
import dev.seunit.campaign.Task;
import dev.seunit.fault.BitSelection;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.fault.FaultModel;
import dev.seunit.junit.FaultProperty;
import dev.seunit.model.ParameterKind;

/** The fault-space and comparison attributes {@link FaultCampaign} and {@link FaultProperty} share. */
record SpaceSettings(FaultTarget target, String layers, ParameterKind[] kinds, BitSelection.Kind bits, int[] bitList,
        FaultModel.Kind faultKind, int bitsPerUpset, Task.Kind taskKind, double regressionTolerance,
        double criticalShare) {

    static SpaceSettings of(FaultCampaign c) {
        return new SpaceSettings(c.target(), c.layers(), c.kinds(), c.bits(), c.bitList(), c.faultModel(),
                c.bitsPerUpset(), c.task(), c.regressionTolerance(), c.criticalShare());
    }

    static SpaceSettings of(FaultProperty p) {
        return new SpaceSettings(p.target(), p.layers(), p.kinds(), p.bits(), p.bitList(), p.faultModel(),
                p.bitsPerUpset(), p.task(), p.regressionTolerance(), p.criticalShare());
    }

    void validate(CampaignSettings.Invalid invalid) {
        boolean multiBit = faultKind == FaultModel.Kind.ADJACENT_BITS || faultKind == FaultModel.Kind.RANDOM_BITS;
        invalid.check(!multiBit || bitsPerUpset >= 2 && bitsPerUpset <= 32, "bitsPerUpset", bitsPerUpset, "must be 2 to 32 bits for " + faultKind);
        invalid.check(criticalShare >= 0 && criticalShare <= 1, "criticalShare", criticalShare,
                "is a share of predictions and must be in [0, 1]");
        invalid.check(regressionTolerance >= 0, "regressionTolerance", regressionTolerance, "must be >= 0");
        invalid.check(!layers.isBlank(), "layers", "\"" + layers + "\"", "must not be blank; use \"*\" for all");
        invalid.check(Arrays.stream(bitList).allMatch(b -> b >= 0 && b < 32), "bitList", Arrays.toString(bitList),
                "must hold bit positions from 0 (LSB) to 31");
        invalid.check(kinds.length == 0 || target == FaultTarget.PARAMETERS, "kinds", Arrays.toString(kinds),
                "applies to parameters only, but target = FaultTarget." + target
                        + "; remove kinds or use target = FaultTarget.PARAMETERS");
    }

    BitSelection bitSelection() {
        return bitList.length > 0 ? BitSelection.of(bitList) : BitSelection.of(bits);
    }

    Task task() {
        switch (taskKind) {
            case SEGMENTATION:
                return Task.segmentation();
            case REGRESSION:
                return Task.regression(regressionTolerance);
            default:
                return Task.classification();
        }
    }

    /** {@code builder} with this fault space, fault model and comparison. */
    Campaign.Builder applyTo(Campaign.Builder builder) {
        return builder.target(target).layers(layers).kinds(kinds).bits(bitSelection()).faultModel(faultKind.model(bitsPerUpset))
                .task(task()).criticalShare(criticalShare);
    }
}
