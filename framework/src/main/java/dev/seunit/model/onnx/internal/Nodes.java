package dev.seunit.model.onnx.internal;

import java.util.Arrays;

/** A node's attributes with ONNX's defaults, and how errors name a node. */
final class Nodes {

    private Nodes() {
    }

    /** "Conv node 'Conv_12'" (or its first output when it has no name). */
    static String describe(OnnxProto.Node node) {
        return node.opType() + " node '" + layerName(node) + "'";
    }

    static String layerName(OnnxProto.Node node) {
        if (!node.name().isEmpty()) {
            return node.name();
        }
        return node.outputs().isEmpty() ? node.opType() : node.outputs().get(0);
    }

    static long attr(OnnxProto.Node node, String name, long otherwise) {
        OnnxProto.Attribute a = node.attributes().get(name);
        return a == null ? otherwise : a.i();
    }

    static float attr(OnnxProto.Node node, String name, float otherwise) {
        OnnxProto.Attribute a = node.attributes().get(name);
        return a == null ? otherwise : a.f();
    }

    static String attr(OnnxProto.Node node, String name, String otherwise) {
        OnnxProto.Attribute a = node.attributes().get(name);
        return a == null || a.s() == null ? otherwise : a.s();
    }

    /** An INTS attribute, or null when absent. */
    static long[] ints(OnnxProto.Node node, String name) {
        OnnxProto.Attribute a = node.attributes().get(name);
        return a == null ? null : a.ints();
    }

    static long[] ints(OnnxProto.Node node, String name, long fill, int count) {
        long[] v = ints(node, name);
        if (v != null) {
            return v;
        }
        long[] d = new long[count];
        Arrays.fill(d, fill);
        return d;
    }

    static OnnxImportException unsupported(OnnxProto.Node node, String what, String fix) {
        return new OnnxImportException(describe(node) + ": " + what + " is not supported", fix);
    }

    /** A negative axis counted from the end, as ONNX allows. */
    static int axis(long axis, int rank) {
        return (int) (axis < 0 ? axis + rank : axis);
    }
}
