package org.assisted.imageservice.assisted;

import java.io.IOException;

/** Raised inside the response consumer to abort an exchange whose body exceeds the call's cap. */
final class BodyTooLargeException extends IOException {

    BodyTooLargeException(long maxBytes) {
        super("response body exceeds " + maxBytes + " bytes");
    }
}
