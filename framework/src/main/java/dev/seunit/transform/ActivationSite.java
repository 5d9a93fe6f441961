package dev.seunit.transform;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * An activation layer of a Java-built model.
 *
 * @param layer the layer name, as campaigns and {@link dev.seunit.model.InjectableModel#layerOutputs} name it
 *     (child names joined with {@code _}, e.g. {@code 02LambdaBlock} or {@code 01SequentialBlock_03ActivationBlock})
 * @param kind the function it applies
 * @param block what the layer is, e.g. {@code LambdaBlock "ReLU"} or {@code ActivationBlock HARD_SIGMOID}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ActivationSite(String layer, ActivationKind kind, String block) {

    @Override
    public String toString() {
        return layer + " (" + block + ")";
    }
}
