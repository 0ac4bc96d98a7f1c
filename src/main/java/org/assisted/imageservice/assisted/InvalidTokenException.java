package org.assisted.imageservice.assisted;

/** A {@code /byapikey} or {@code /bytoken} token yields no InfraEnv ID; upstream answers 404. */
public final class InvalidTokenException extends RuntimeException {

    public InvalidTokenException(String message) {
        super(message);
    }
}
