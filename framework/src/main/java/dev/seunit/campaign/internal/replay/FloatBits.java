package dev.seunit.campaign.internal.replay;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** float32 arrays as their raw bits: faults and comparisons with golden work on words, not values. */
final class FloatBits {

    private FloatBits() {
    }

    static int[] of(byte[] bytes) {
        int[] bits = new int[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).asIntBuffer().get(bits);
        return bits;
    }

    static NDArray toArray(NDManager scope, int[] bits, Shape shape) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(bits.length * 4).order(ByteOrder.nativeOrder());
        buffer.asIntBuffer().put(bits);
        return scope.create(buffer, shape, DataType.FLOAT32);
    }

    /** Whether {@code out} holds exactly the bytes of {@code golden}, array by array. */
    static boolean sameBytes(NDList out, byte[][] golden) {
        if (out.size() != golden.length) {
            return false;
        }
        for (int i = 0; i < golden.length; i++) {
            if (!Arrays.equals(out.get(i).toByteArray(), golden[i])) {
                return false;
            }
        }
        return true;
    }

    /** {@code array} as float32 values (converted when it holds another type). */
    static float[] floats(NDArray array) {
        return (array.getDataType() == DataType.FLOAT32 ? array : array.toType(DataType.FLOAT32, false)).toFloatArray();
    }
}
