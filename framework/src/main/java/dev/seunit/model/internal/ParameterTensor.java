package dev.seunit.model.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import dev.seunit.fault.NumberFormat;

/** Element-level access to the words of a tensor, by flat row-major index. */
@API(status = INTERNAL, since = "0.1")
public final class ParameterTensor {

    private ParameterTensor() {
    }

    public static NDIndex indexOf(Shape shape, long flatIndex) {
        return new NDIndex(coordinates(shape, flatIndex));
    }

    /** The per-dimension coordinates of a flat row-major index. */
    public static long[] coordinates(Shape shape, long flatIndex) {
        if (flatIndex < 0 || flatIndex >= shape.size()) {
            throw new IndexOutOfBoundsException("flat index " + flatIndex + " is outside a tensor of shape " + shape
                    + " (" + shape.size() + " elements)");
        }
        long[] index = new long[shape.dimension()];
        long rest = flatIndex;
        for (int d = index.length - 1; d >= 0; d--) {
            long size = shape.get(d);
            index[d] = rest % size;
            rest /= size;
        }
        return index;
    }

    /** Reads one word; {@code scratch} owns the temporary scalar. */
    public static long readWord(NDArray array, NDIndex index, NumberFormat format, NDManager scratch) {
        try (NDArray element = array.get(index)) {
            element.attach(scratch);
            return wordOf(element.toByteBuffer(), format);
        }
    }

    /** Writes one word in place, bit for bit. */
    public static void writeWord(NDArray array, NDIndex index, NumberFormat format, long word, NDManager scratch) {
        ByteBuffer bytes = ByteBuffer.allocateDirect(format.byteWidth()).order(ByteOrder.nativeOrder());
        switch (format.byteWidth()) {
            case 1:
                bytes.put((byte) word);
                break;
            case 2:
                bytes.putShort((short) word);
                break;
            case 4:
                bytes.putInt((int) word);
                break;
            default:
                throw new AssertionError(format);
        }
        bytes.rewind();
        try (NDArray value = scratch.create(bytes, new Shape(), format.dataType())) {
            array.set(index, value);
        }
    }

    public static long wordOf(ByteBuffer bytes, NumberFormat format) {
        bytes.order(ByteOrder.nativeOrder());
        switch (format.byteWidth()) {
            case 1:
                return bytes.get(0) & 0xffL;
            case 2:
                return bytes.getShort(0) & 0xffffL;
            case 4:
                return bytes.getInt(0) & 0xffffffffL;
            default:
                throw new AssertionError(format);
        }
    }
}
