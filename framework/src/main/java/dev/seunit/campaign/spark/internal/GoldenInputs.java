package dev.seunit.campaign.spark.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.apiguardian.api.API;

import dev.seunit.campaign.GoldenRun;
import dev.seunit.model.InjectableModel;

/**
 * The inputs and labels of a golden run as bytes, broadcast from the driver so that every
 * executor computes its golden run on exactly the driver's inputs.
 */
@API(status = INTERNAL, since = "0.1")
public final class GoldenInputs implements Serializable {

    private static final long serialVersionUID = 1L;

    private record Array(long[] shape, String dataType, byte[] bytes) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final List<Array> arrays;
    private final int[] labels;
    private final String digest;

    private GoldenInputs(List<Array> arrays, int[] labels) {
        this.arrays = arrays;
        this.labels = labels;
        this.digest = digest(arrays, labels);
    }

    public static GoldenInputs of(GoldenRun golden) {
        List<Array> arrays = new ArrayList<>();
        for (NDArray in : golden.inputs()) {
            arrays.add(new Array(in.getShape().getShape(), in.getDataType().name(), in.toByteArray()));
        }
        return new GoldenInputs(arrays, golden.labels());
    }

    /** SHA-256 of every array and label: inputs with equal digests are the same inputs. */
    public String digest() {
        return digest;
    }

    /** The golden run of {@code model} on these inputs; arrays are created in {@code manager}. */
    public GoldenRun goldenRun(InjectableModel model, NDManager manager) {
        NDList inputs = new NDList();
        for (Array a : arrays) {
            ByteBuffer data = ByteBuffer.allocateDirect(a.bytes.length).order(ByteOrder.nativeOrder());
            data.put(a.bytes).rewind();
            inputs.add(manager.create(data, new Shape(a.shape), DataType.valueOf(a.dataType)));
        }
        NDArray labelArray = labels == null ? null : manager.create(labels);
        return GoldenRun.of(model, inputs, labelArray);
    }

    private static String digest(List<Array> arrays, int[] labels) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Array a : arrays) {
                sha.update(new Shape(a.shape).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(a.dataType.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(a.bytes);
            }
            if (labels != null) {
                ByteBuffer b = ByteBuffer.allocate(4 * labels.length);
                b.asIntBuffer().put(labels);
                sha.update(b);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
