package dev.seunit.model.onnx.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** An ONNX file SEUnit cannot import: what is wrong, then what to do. The loader adds the file's name. */
@API(status = INTERNAL, since = "0.1")
public final class OnnxImportException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public OnnxImportException(String problem, String fix) {
        super(problem + ". " + Character.toUpperCase(fix.charAt(0)) + fix.substring(1));
    }
}
