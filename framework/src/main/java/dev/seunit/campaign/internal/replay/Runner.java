package dev.seunit.campaign.internal.replay;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * Runs scenarios one way ({@link dev.seunit.campaign.Execution}): every position of a
 * {@link RunState} gets exactly one record, and the model's parameters are left as they were.
 */
@API(status = INTERNAL, since = "0.1")
public interface Runner extends AutoCloseable {

    void run(RunState run);

    @Override
    void close();
}
