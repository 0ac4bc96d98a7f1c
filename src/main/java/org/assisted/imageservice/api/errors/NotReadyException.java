package org.assisted.imageservice.api.errors;

/** The requested image is configured but not downloaded (or built) yet: answered 503. */
public final class NotReadyException extends Exception {
    private static final long serialVersionUID = 1L;

    public NotReadyException(String image) {
        super(image + " is not ready yet");
    }
}
