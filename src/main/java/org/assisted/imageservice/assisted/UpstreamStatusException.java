package org.assisted.imageservice.assisted;

/** assisted-service answered with a status that is not a success for this call; callers pass the status on. */
public final class UpstreamStatusException extends UpstreamException {

    private final int status;
    private final String redactedUrl;

    public UpstreamStatusException(UpstreamCall call, int status, String redactedUrl) {
        super(call, call.label() + " request to " + redactedUrl + " returned status " + status, null);
        this.status = status;
        this.redactedUrl = redact(redactedUrl);
    }

    /** The URL of the call with {@code api_key} masked. */
    public String redactedUrl() {
        return redactedUrl;
    }

    /** The HTTP status assisted-service returned. */
    public int status() {
        return status;
    }
}
