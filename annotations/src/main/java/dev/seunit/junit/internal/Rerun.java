package dev.seunit.junit.internal;

import java.lang.reflect.Method;

/** The last line of a failure message: the seed and how to rerun that one test. */
final class Rerun {

    private Rerun() {
    }

    static String line(Method method, long seed) {
        return "Seed " + seed + ". Rerun this test alone: mvn test -Dtest='" + method.getDeclaringClass().getSimpleName()
                + "#" + method.getName() + "' -Dseunit.seed=" + seed;
    }
}
