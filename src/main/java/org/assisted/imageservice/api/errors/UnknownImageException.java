package org.assisted.imageservice.api.errors;

/** No configured image has the requested version for the requested architecture. */
public final class UnknownImageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnknownImageException(String version, String arch) {
        super("no image for version " + version + " and architecture " + arch);
    }
}
