package org.assisted.imageservice.assisted;

/** assisted-service answered with an unusable body (bad JSON, bad kernel arguments, oversize); callers answer 500. */
public final class UpstreamResponseException extends UpstreamException {

    public UpstreamResponseException(UpstreamCall call, String message, Throwable cause) {
        super(call, message, cause);
    }
}
