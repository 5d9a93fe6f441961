package dev.seunit.model.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.djl.nn.Block;
import org.apiguardian.api.API;

/**
 * A block whose parameters SEUnit names otherwise than DJL's path ({@code child_child_key}): an
 * imported ONNX graph names each parameter after the tensor it came from, so that names match the
 * training framework's ({@code layer1.0.conv1.weight}). The layer a parameter belongs to stays
 * the DJL path of the block that owns it, which is also the layer name of that block's calls.
 */
@API(status = INTERNAL, since = "0.1")
public interface NamedParameters extends Block {

    /** SEUnit's name of the parameter DJL lists under {@code key} in {@code getParameters()}, or null for the key itself. */
    String parameterName(String key);
}
