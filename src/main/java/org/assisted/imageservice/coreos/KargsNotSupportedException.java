package org.assisted.imageservice.coreos;

/**
 * Kernel arguments were requested for an image that has no usable kernel-argument embed area, e.g. an ISO from
 * before 2021 whose boot configurations carry no {@code COREOS_KARG_EMBED_AREA} marker.
 */
public class KargsNotSupportedException extends Exception {

    private final String reason;

    /** @param reason why the image has no kargs area, naming the file involved */
    public KargsNotSupportedException(String reason) {
        super("this image does not support kernel arguments: " + reason);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
