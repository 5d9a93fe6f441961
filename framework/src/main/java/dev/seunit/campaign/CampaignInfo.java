package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apiguardian.api.API;

import dev.seunit.fault.BitSelection;
import dev.seunit.fault.FaultModel;
import dev.seunit.model.ParameterKind;

/**
 * What a campaign was: everything needed to describe and rerun it. The fingerprint hashes the
 * model's parameters, the inputs and golden output, and every setting that decides the faults
 * and outcomes, including the {@link Execution} (a journal of one mode is never resumed by
 * another); campaigns with equal fingerprints give equal records.
 *
 * @param layerOrder the layers of the fault space in the network's forward order (the model's
 *     parameter order, or the order of the layer calls for activation faults); breakdowns by
 *     layer list layers in this order
 * @param strataSizes the size of each stratum of the fault space the plan was drawn from, in
 *     model order, keyed as {@link Strata#keyOf}; one entry {@code ""} for a uniform plan
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record CampaignInfo(String name, String model, FaultTarget target, String layers, Set<ParameterKind> kinds,
        BitSelection bits, FaultModel faultModel, int faultsPerInference, Budget budget, Sampler sampler, long seed,
        Task task, double criticalShare, long spaceSize, int inputs, int plannedInjections, String parameterChecksum,
        double goldenMetric, Execution execution, String fingerprint, List<String> layerOrder,
        Map<String, Long> strataSizes) {

    public CampaignInfo {
        layerOrder = List.copyOf(layerOrder);
        strataSizes = Collections.unmodifiableMap(new LinkedHashMap<>(strataSizes));
    }

    /**
     * The strata the plan was drawn from separately (by its sampler); rates over the space weigh
     * each by its size in {@link #strataSizes()}.
     */
    public Strata strata() {
        return sampler.strata();
    }

    /** How to get the same campaign again. */
    public String rerunHint() {
        return "seed=" + seed + " (same model, inputs, fault space and budget give the same faults and outcomes)";
    }
}
