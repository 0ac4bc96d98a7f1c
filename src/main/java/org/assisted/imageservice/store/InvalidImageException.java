package org.assisted.imageservice.store;

/** A stored file is not a usable OS image; the caller deletes it and downloads it again. */
final class InvalidImageException extends Exception {
    InvalidImageException(String message, Throwable cause) {
        super(message, cause);
    }

    InvalidImageException(String message) {
        super(message);
    }
}
