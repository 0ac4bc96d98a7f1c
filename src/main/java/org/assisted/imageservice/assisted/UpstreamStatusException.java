package org.assisted.imageservice.assisted;

/** assisted-service answered with a status that is not a success for this call; callers pass the status on. */
public final class UpstreamStatusException extends UpstreamException {

    private final int status;

    public UpstreamStatusException(UpstreamCall call, int status, String redactedUrl) {
        super(call, call.label() + " request to " + redactedUrl + " returned status " + status, null);
        this.status = status;
    }

    /** The HTTP status assisted-service returned. */
    public int status() {
        return status;
    }
}
