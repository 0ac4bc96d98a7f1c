package org.assisted.imageservice.coreos;

import java.util.List;
import java.util.Objects;

import org.assisted.imageservice.iso.IsoFormatException;

/**
 * The kernel-argument embed areas of an image (docs/upstream-behaviour.md#writing-kernel-arguments), or why there are
 * none.
 *
 * @param status    whether the areas can be used
 * @param areas     the areas in {@code kargs.json} order; empty unless {@link Status#SUPPORTED}
 * @param reason    why the image has no usable areas; empty when {@link Status#SUPPORTED}
 */
public record KargsAreas(Status status, List<EmbedArea> areas, String reason) {

    /** How a request with kernel arguments is answered. */
    public enum Status {
        /** The areas were found (possibly none, for {@code "files": []}). */
        SUPPORTED,
        /** The image predates embed areas or lacks a listed file or marker: a client error to ask for kargs. */
        UNSUPPORTED,
        /** {@code coreos/kargs.json} is malformed: a server-side error when kargs are requested. */
        INVALID
    }

    public KargsAreas {
        Objects.requireNonNull(status, "status");
        areas = List.copyOf(areas);
        Objects.requireNonNull(reason, "reason");
    }

    static KargsAreas supported(List<EmbedArea> areas) {
        return new KargsAreas(Status.SUPPORTED, areas, "");
    }

    static KargsAreas unsupported(String reason) {
        return new KargsAreas(Status.UNSUPPORTED, List.of(), reason);
    }

    static KargsAreas invalid(String reason) {
        return new KargsAreas(Status.INVALID, List.of(), reason);
    }

    /**
     * @return the areas, when kernel arguments can be embedded
     * @throws KargsNotSupportedException if the status is {@link Status#UNSUPPORTED}
     * @throws IsoFormatException         if the status is {@link Status#INVALID}
     */
    public List<EmbedArea> require() throws KargsNotSupportedException, IsoFormatException {
        return switch (status) {
            case SUPPORTED -> areas;
            case UNSUPPORTED -> throw new KargsNotSupportedException(reason);
            case INVALID -> throw new IsoFormatException(reason);
        };
    }
}
