package dev.seunit.campaign.spark.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.apiguardian.api.API;

import dev.seunit.campaign.CampaignInfo;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.EngineStatistics;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.internal.RecordEntry;
import dev.seunit.fault.FaultScenario;

/** What one task sends back: its records without their scenarios, engine statistics and time. */
@API(status = INTERNAL, since = "0.1")
public record PartitionRecords(String executor, List<RecordEntry> entries, long[] counts, long[] nanos,
        long elapsedNanos) implements Serializable {

    private static final long serialVersionUID = 1L;

    static PartitionRecords of(String executor, CampaignResult result) {
        List<RecordEntry> entries = new ArrayList<>(result.injections());
        for (InjectionRecord r : result.records()) {
            entries.add(RecordEntry.of(r));
        }
        EngineStatistics s = result.engineStatistics();
        long[] counts = new long[EngineStatistics.Count.values().length];
        for (EngineStatistics.Count c : EngineStatistics.Count.values()) {
            counts[c.ordinal()] = s.count(c);
        }
        long[] nanos = new long[EngineStatistics.Phase.values().length];
        for (EngineStatistics.Phase p : EngineStatistics.Phase.values()) {
            nanos[p.ordinal()] = s.time(p).toNanos();
        }
        return new PartitionRecords(executor, entries, counts, nanos, result.elapsedNanos());
    }

    /** The records with their scenarios from the driver's plan, as a shard of the campaign. */
    public CampaignResult toResult(CampaignInfo info, List<FaultScenario> plan) {
        List<InjectionRecord> records = new ArrayList<>(entries.size());
        for (RecordEntry e : entries) {
            records.add(e.toRecord(plan.get(e.index())));
        }
        return new CampaignResult(info, records, elapsedNanos, EngineStatistics.of(counts, nanos));
    }
}
