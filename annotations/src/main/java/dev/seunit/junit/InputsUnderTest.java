package dev.seunit.junit;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;

/**
 * Marks the method or field that gives the inputs of a fault test: an {@code NDArray} or
 * {@code NDList} of inputs (batch first), {@link Inputs} (inputs with labels), or a DJL
 * {@code Dataset} (its first {@link #maxInputs()} samples). A method may take an
 * {@code NDManager} owned by SEUnit. Inputs are read once per class.
 */
@Target({ElementType.METHOD, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@API(status = MAINTAINED, since = "0.1")
public @interface InputsUnderTest {

    /** How many samples to take from a Dataset. */
    int maxInputs() default 64;
}
