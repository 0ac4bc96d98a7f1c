package org.assisted.imageservice.minimal;

/** A minimal-ISO template cannot be built from the inputs (bad rootfs URL, config or kargs.json). */
public class MinimalIsoException extends Exception {

    private static final long serialVersionUID = 1L;

    public MinimalIsoException(String message) {
        super(message);
    }

    public MinimalIsoException(String message, Throwable cause) {
        super(message, cause);
    }
}
