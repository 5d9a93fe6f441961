package dev.seunit.transform.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

/**
 * A {@link SequentialBlock} whose children keep the names they had in the model a variant was
 * built from, so that a variant's layer and parameter names ({@code 01Conv2d_weight}) match the
 * original's and campaigns select the same layers in every variant.
 */
@API(status = INTERNAL, since = "0.1")
public final class NamedSequentialBlock extends SequentialBlock {

    /** Adds {@code child} as {@code NN + name}, NN being its 1-based position, as DJL numbers children. */
    public NamedSequentialBlock addNamed(String name, Block child) {
        addChildBlock(name, child);
        return this;
    }

    /**
     * Adds {@code child} under {@code key} exactly, for SequentialBlock subclasses that name
     * their children themselves (e.g. {@code conv}, not {@code 01Conv2d}).
     */
    public NamedSequentialBlock addKey(String key, Block child) {
        children.add(key, child);
        return this;
    }
}
