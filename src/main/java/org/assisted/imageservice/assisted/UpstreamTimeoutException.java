package org.assisted.imageservice.assisted;

/** A call did not complete within the configured connect or response time; callers answer 504. */
public final class UpstreamTimeoutException extends UpstreamException {

    public UpstreamTimeoutException(UpstreamCall call, String message, Throwable cause) {
        super(call, message, cause);
    }
}
