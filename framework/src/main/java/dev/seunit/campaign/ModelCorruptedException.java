package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

/** The golden model was not restored: its parameters differ from before the campaign. Results are void. */
@API(status = MAINTAINED, since = "0.1")
public class ModelCorruptedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public ModelCorruptedException(String message) {
        super(message);
    }

    public ModelCorruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
