package org.assisted.imageservice.assisted;

/** assisted-service could not be reached or dropped the connection (refused, reset, TLS failure); callers answer 502. */
public final class UpstreamUnavailableException extends UpstreamException {

    public UpstreamUnavailableException(UpstreamCall call, String message, Throwable cause) {
        super(call, message, cause);
    }
}
