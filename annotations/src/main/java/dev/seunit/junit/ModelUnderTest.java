package dev.seunit.junit;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;

/**
 * Marks the method or field that gives the model of a fault test: a DJL {@code Block} (with
 * initialized parameters), a DJL {@code Model}, a TorchScript file ({@code Path}, or a
 * {@code String} naming a file or class-path resource), or a
 * {@link dev.seunit.model.InjectableModel}. A method may take a
 * {@link dev.seunit.transform.Variant} (to build the variant, e.g. load the weights trained
 * for an activation) and an {@code NDManager} (owned by SEUnit, closed after the test class).
 * Models are built once per class and variant.
 */
@Target({ElementType.METHOD, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@API(status = MAINTAINED, since = "0.1")
public @interface ModelUnderTest {
}
