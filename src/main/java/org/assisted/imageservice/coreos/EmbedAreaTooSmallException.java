package org.assisted.imageservice.coreos;

/** Content for an embed area (ignition, kernel arguments, ramdisk) is longer than the area. */
public class EmbedAreaTooSmallException extends Exception {

    private final String area;
    private final long needed;
    private final long available;

    /**
     * @param area      names the area, e.g. {@code ignition area in /images/ignition.img}
     * @param needed    content length in bytes
     * @param available area length in bytes (0 when the image lacks the area)
     */
    public EmbedAreaTooSmallException(String area, long needed, long available) {
        super("content length (" + needed + ") exceeds embed area size (" + available + ") of the " + area);
        this.area = area;
        this.needed = needed;
        this.available = available;
    }

    public String area() {
        return area;
    }

    public long needed() {
        return needed;
    }

    public long available() {
        return available;
    }
}
