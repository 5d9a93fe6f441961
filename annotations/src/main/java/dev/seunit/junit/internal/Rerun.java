package dev.seunit.junit.internal;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;

import dev.seunit.campaign.InjectionRecord;

/** The parts of every failure message: the worst faults, the seed and how to rerun. */
final class Rerun {

    private Rerun() {
    }

    static String line(Method method, long seed) {
        return "Seed " + seed + ". Rerun this test alone: mvn test -Dtest='" + method.getDeclaringClass().getSimpleName()
                + "#" + method.getName() + "' -Dseunit.seed=" + seed;
    }

    static String worst(List<InjectionRecord> worst) {
        StringBuilder s = new StringBuilder("Worst faults:");
        for (InjectionRecord r : worst) {
            s.append("\n  ").append(describe(r));
        }
        return s.toString();
    }

    static String describe(InjectionRecord r) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < r.scenario().size(); i++) {
            var f = r.scenario().faults().get(i);
            if (i > 0) {
                s.append(" + ");
            }
            s.append(f.site()).append(" bits ").append(java.util.Arrays.toString(f.bits())).append(": ")
                    .append(value(f.format().decode(r.wordsBefore().get(i)))).append(" -> ")
                    .append(value(f.format().decode(r.wordsAfter().get(i))));
        }
        s.append(" => ").append(r.outcome());
        if (r.predictions() > 0) {
            s.append(String.format(Locale.ROOT, " (%.2f%% of predictions changed)", 100 * r.mismatchRate()));
        }
        if (r.error() != null) {
            s.append(" [").append(r.error()).append(']');
        }
        return s.toString();
    }

    private static String value(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : String.valueOf(v);
    }
}
