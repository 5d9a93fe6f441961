package dev.seunit.model.onnx.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import dev.seunit.fault.internal.HalfPrecision;

/** ONNX tensors as DJL arrays, and small arrays read back as Java numbers. */
final class Tensors {

    private Tensors() {
    }

    /**
     * The tensor's values in an array of {@code manager}: float types as FLOAT32 (the computations
     * run in float32), integer and boolean types as INT64 (they are shapes, indices and flags).
     */
    static NDArray toArray(OnnxProto.Tensor t, NDManager manager, String where) {
        if (t.external()) {
            throw new OnnxImportException(where + ": tensor '" + t.name() + "' keeps its data in an external file",
                    "SEUnit reads self-contained .onnx files: save the model with its weights inside, e.g. "
                            + "onnx.save_model(onnx.load(path), path2, save_as_external_data=False) (files under 2 GB)");
        }
        Shape shape = new Shape(t.dims());
        int n = Math.toIntExact(shape.size());
        ByteBuffer raw = t.raw() == null ? null : t.raw().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        switch (t.dataType()) {
            case OnnxProto.FLOAT -> {
                float[] v = new float[n];
                if (raw != null) {
                    check(raw.remaining() == 4L * n, t, where);
                    raw.asFloatBuffer().get(v);
                } else {
                    check(t.floatData().length == n, t, where);
                    System.arraycopy(t.floatData(), 0, v, 0, n);
                }
                return manager.create(v, shape);
            }
            case OnnxProto.DOUBLE -> {
                double[] d = new double[n];
                if (raw != null) {
                    check(raw.remaining() == 8L * n, t, where);
                    raw.asDoubleBuffer().get(d);
                } else {
                    check(t.doubleData().length == n, t, where);
                    System.arraycopy(t.doubleData(), 0, d, 0, n);
                }
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) d[i];
                }
                return manager.create(v, shape);
            }
            case OnnxProto.FLOAT16 -> {
                check(raw == null ? t.int32Data().length == n : raw.remaining() == 2L * n, t, where);
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = HalfPrecision.float16ToFloat(raw != null ? raw.getShort(2 * i) : (short) t.int32Data()[i]);
                }
                return manager.create(v, shape);
            }
            case OnnxProto.INT64 -> {
                long[] v = new long[n];
                if (raw != null) {
                    check(raw.remaining() == 8L * n, t, where);
                    raw.asLongBuffer().get(v);
                } else {
                    check(t.int64Data().length == n, t, where);
                    System.arraycopy(t.int64Data(), 0, v, 0, n);
                }
                return manager.create(v, shape);
            }
            case OnnxProto.INT32, OnnxProto.INT8, OnnxProto.UINT8, OnnxProto.BOOL -> {
                int width = t.dataType() == OnnxProto.INT32 ? 4 : 1;
                long[] v = new long[n];
                check(raw == null ? t.int32Data().length == n : raw.remaining() == (long) width * n, t, where);
                for (int i = 0; i < n; i++) {
                    v[i] = raw == null ? t.int32Data()[i] : width == 4 ? raw.getInt(4 * i)
                            : t.dataType() == OnnxProto.INT8 ? raw.get(i) : raw.get(i) & 0xff;
                }
                return manager.create(v, shape);
            }
            default -> throw new OnnxImportException(where + ": tensor '" + t.name() + "' has ONNX data type "
                    + t.dataType() + ", which SEUnit does not read",
                    "SEUnit imports float32/float16/float64 weights and integer or boolean shapes; convert the model's "
                            + "other tensors (e.g. strings, complex) before export");
        }
    }

    private static void check(boolean ok, OnnxProto.Tensor t, String where) {
        if (!ok) {
            throw new OnnxImportException(where + ": tensor '" + t.name() + "' holds fewer or more values than its shape "
                    + new Shape(t.dims()) + " needs", "the file is corrupt: export the model again");
        }
    }

    static long[] longs(NDArray a) {
        return (a.getDataType() == DataType.INT64 ? a : a.toType(DataType.INT64, false)).toLongArray();
    }

    static double[] doubles(NDArray a) {
        return (a.getDataType() == DataType.FLOAT64 ? a : a.toType(DataType.FLOAT64, false)).toDoubleArray();
    }

    static boolean isFloat(NDArray a) {
        DataType t = a.getDataType();
        return t == DataType.FLOAT32 || t == DataType.FLOAT16 || t == DataType.FLOAT64 || t == DataType.BFLOAT16;
    }
}
