package org.assisted.imageservice.assisted;

/**
 * Told about every finished assisted-service call, on the client's I/O thread, so it must not block. Keeps the
 * client free of a metrics dependency.
 */
@FunctionalInterface
public interface AssistedCallListener {

    AssistedCallListener NONE = (call, outcome, nanos) -> { };

    /**
     * @param call    which call
     * @param outcome how it ended
     * @param nanos   from sending the request to the last body byte, the failure or the cancellation
     */
    void finished(UpstreamCall call, CallOutcome outcome, long nanos);
}
