package dev.seunit.model.onnx.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * What an operator computes from a node's inputs: once at load time when every input is a
 * constant (shape arithmetic is folded this way), or in each forward pass inside the node's layer.
 */
@FunctionalInterface
interface Kernel {

    NDList apply(Args args);

    /**
     * A node's inputs as its kernel reads them, by ONNX input slot: tensors ({@link #data}), or
     * numbers fixed at load time for the slots the operator declares as configuration (shapes,
     * axes, pads, scales).
     */
    final class Args {
        private final OnnxProto.Node node;
        private final NDArray[] data;
        private final long[][] ints;
        private final double[][] doubles;
        private final Shape[] shapes;
        private final NDManager manager;

        Args(OnnxProto.Node node, NDArray[] data, long[][] ints, double[][] doubles, Shape[] shapes, NDManager manager) {
            this.node = node;
            this.data = data;
            this.ints = ints;
            this.doubles = doubles;
            this.shapes = shapes;
            this.manager = manager;
        }

        OnnxProto.Node node() {
            return node;
        }

        int slots() {
            return data.length;
        }

        boolean has(int slot) {
            return slot < data.length && (data[slot] != null || ints[slot] != null);
        }

        NDArray data(int slot) {
            if (slot >= data.length || data[slot] == null) {
                throw new OnnxImportException(Nodes.describe(node) + " lacks input " + slot,
                        "the graph is malformed: export the model again");
            }
            return data[slot];
        }

        long[] ints(int slot) {
            return ints[slot];
        }

        double[] doubles(int slot) {
            return doubles[slot];
        }

        /** The shape of configuration slot {@code slot} (a scalar index and a list of one differ). */
        Shape shape(int slot) {
            return shapes[slot];
        }

        /** Where arrays the kernel creates from scratch belong. */
        NDManager manager() {
            return manager;
        }
    }
}
