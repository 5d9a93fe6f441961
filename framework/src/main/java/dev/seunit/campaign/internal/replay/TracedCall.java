package dev.seunit.campaign.internal.replay;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;

/**
 * One leaf layer call of the golden forward pass: its position in the pass, layer name, block,
 * and the golden arrays it read and wrote. The raw bits of its output (and its first input's
 * values) are read once, on first use, by whichever thread needs them first.
 */
final class TracedCall {

    final int index;
    final String layer;
    final Block block;
    final NDList inputs;
    final NDList output;
    private byte[][] outBytes;
    private int[] outBits;
    private float[] inValues;

    TracedCall(int index, String layer, Block block, NDList inputs, NDList output) {
        this.index = index;
        this.layer = layer;
        this.block = block;
        this.inputs = inputs;
        this.output = output;
    }

    synchronized byte[][] outBytes() {
        if (outBytes == null) {
            outBytes = new byte[output.size()][];
            for (int i = 0; i < output.size(); i++) {
                outBytes[i] = output.get(i).toByteArray();
            }
        }
        return outBytes;
    }

    /** The bits of the (single, float32) output; see {@link #batchable}. */
    synchronized int[] outBits() {
        if (outBits == null) {
            outBits = FloatBits.of(outBytes()[0]);
        }
        return outBits;
    }

    synchronized float[] inValues() {
        if (inValues == null) {
            inValues = inputs.head().toFloatArray();
        }
        return inValues;
    }

    /** Whether the output is one float32 array with one row per golden input, so faults can be stacked on it. */
    boolean batchable(int goldenInputs) {
        return output.size() == 1 && output.head().getDataType() == DataType.FLOAT32
                && output.head().getShape().dimension() >= 1 && output.head().getShape().get(0) == goldenInputs;
    }
}
