package dev.seunit.model.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.function.Supplier;

import org.apiguardian.api.API;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Runs work with PyTorch's gradient recording off, restoring the thread's previous mode. Grad
 * mode is per thread (JUnit's parallel workers start with it on), and in-place writes to
 * parameters that require gradients are refused while it is on.
 */
@API(status = INTERNAL, since = "0.1")
public final class GradMode {

    private GradMode() {
    }

    public static <T> T off(Supplier<T> work) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return work.get();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    public static void off(Runnable work) {
        off(() -> {
            work.run();
            return null;
        });
    }
}
