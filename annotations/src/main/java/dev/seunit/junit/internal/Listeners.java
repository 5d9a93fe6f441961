package dev.seunit.junit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;

import dev.seunit.junit.CampaignListener;

/** The {@link CampaignListener}s on the class path, loaded once. */
final class Listeners {

    private static volatile List<CampaignListener> loaded;

    private Listeners() {
    }

    static List<CampaignListener> all() {
        List<CampaignListener> list = loaded;
        if (list == null) {
            synchronized (Listeners.class) {
                if (loaded == null) {
                    List<CampaignListener> found = new ArrayList<>();
                    ServiceLoader.load(CampaignListener.class, Listeners.class.getClassLoader()).forEach(found::add);
                    loaded = List.copyOf(found);
                }
                list = loaded;
            }
        }
        return list;
    }

    static boolean any() {
        return !all().isEmpty();
    }

    /** Calls every listener; one that throws is reported and does not fail the test. */
    static void publish(Consumer<CampaignListener> call) {
        for (CampaignListener listener : all()) {
            try {
                call.accept(listener);
            } catch (RuntimeException | LinkageError e) {
                System.err.println("SEUnit: campaign listener " + listener.getClass().getName() + " failed: " + e);
                e.printStackTrace();
            }
        }
    }
}
