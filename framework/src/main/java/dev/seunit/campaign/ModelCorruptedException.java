package dev.seunit.campaign;

/** The golden model was not restored: its parameters differ from before the campaign. Results are void. */
public class ModelCorruptedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public ModelCorruptedException(String message) {
        super(message);
    }

    public ModelCorruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
