package dev.seunit.campaign.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** A fault could not be written into the model: a framework failure that ends the campaign, never a DUE. */
@API(status = INTERNAL, since = "0.1")
public final class FaultNotAppliedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    FaultNotAppliedException(String message, Throwable cause) {
        super(message, cause);
    }
}
