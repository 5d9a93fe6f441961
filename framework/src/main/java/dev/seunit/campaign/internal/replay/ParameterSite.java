package dev.seunit.campaign.internal.replay;

import ai.djl.nn.Parameter;

import dev.seunit.model.ParameterInfo;

/**
 * A parameter owned by a leaf block that runs once per forward pass, so a fault in it changes
 * that one call's output: the call, the parameter, its name within the block, and the delta
 * that computes the faulty output without running the layer (null when none applies).
 */
record ParameterSite(TracedCall call, ParameterInfo info, Parameter parameter, String localName, LayerDelta delta) {
}
