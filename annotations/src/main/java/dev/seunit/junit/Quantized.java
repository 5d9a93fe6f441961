package dev.seunit.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;

import dev.seunit.transform.Precision;

/** Runs a fault test once per parameter precision; {@code @Quantized} alone compares float32 with int8. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@API(status = EXPERIMENTAL, since = "0.1")
public @interface Quantized {
    Precision[] value() default {Precision.FLOAT32, Precision.INT8};
}
