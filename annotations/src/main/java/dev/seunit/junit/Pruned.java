package dev.seunit.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;

/**
 * Runs a fault test once per pruning level, in percent of channels removed (0 = not pruned).
 * When the {@link ModelUnderTest} method takes no {@code Variant}, SEUnit derives each level with
 * structured L1 channel pruning ({@code Variants.apply}); a model where that removes no channel
 * (every layer's output feeds a skip connection, say) fails with a message that says so. Such a
 * model can be weight-pruned in a {@link ModelUnderTest} method that takes the {@code Variant}
 * ({@code Variants.factory(model).pruning(PruningMethod.WEIGHTS_MAGNITUDE)}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@API(status = EXPERIMENTAL, since = "0.1")
public @interface Pruned {
    int[] value();
}
