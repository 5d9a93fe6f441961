package dev.seunit.allure.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.seunit.junit.CampaignEvent;
import dev.seunit.junit.PropertyEvent;

/**
 * What one test run (one launcher execution) saw. Runs nest (a test that launches a suite of its
 * own): events go to the innermost run in progress.
 */
@API(status = INTERNAL, since = "0.1")
public final class Recorder {

    private static final Deque<Recorder> RUNS = new ArrayDeque<>();
    private static final Recorder OUTSIDE_ANY_RUN = new Recorder();

    private final List<CampaignEvent> campaigns = new ArrayList<>();
    private final Map<String, PropertyEvent> properties = new LinkedHashMap<>();
    private final Map<String, Integer> discarded = new LinkedHashMap<>();

    public static synchronized Recorder start() {
        Recorder run = new Recorder();
        RUNS.push(run);
        return run;
    }

    public static synchronized void finish(Recorder run) {
        RUNS.remove(run);
    }

    public static synchronized Recorder current() {
        return RUNS.isEmpty() ? OUTSIDE_ANY_RUN : RUNS.peek();
    }

    public synchronized void add(CampaignEvent event) {
        campaigns.add(event);
    }

    public synchronized void add(PropertyEvent event) {
        String key = event.testClass().getName() + "#" + event.propertyName();
        PropertyEvent before = properties.get(key);
        if (before == null || before.outcome() != PropertyEvent.TryOutcome.FALSIFIED) {
            properties.put(key, event);
        }
        if (event.outcome() == PropertyEvent.TryOutcome.DISCARDED) {
            discarded.merge(key, 1, Integer::sum);
        }
    }

    public synchronized List<CampaignEvent> campaigns() {
        return List.copyOf(campaigns);
    }

    /** The last event of each property (the falsifying one, if any). */
    public synchronized List<PropertyEvent> properties() {
        return List.copyOf(properties.values());
    }

    /** Campaigns of the same test method so far, one per variant (the latest), in order. */
    public synchronized List<CampaignEvent> variantsOf(CampaignEvent event) {
        Map<String, CampaignEvent> byVariant = new LinkedHashMap<>();
        for (CampaignEvent e : campaigns) {
            if (e.testClass() == event.testClass() && e.methodName().equals(event.methodName())) {
                byVariant.put(String.valueOf(e.variant()), e);
            }
        }
        return List.copyOf(byVariant.values());
    }

    public synchronized boolean isEmpty() {
        return campaigns.isEmpty() && properties.isEmpty();
    }
}
