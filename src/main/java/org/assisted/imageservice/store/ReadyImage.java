package org.assisted.imageservice.store;

import java.nio.file.Path;

import org.assisted.imageservice.coreos.IsoLayout;

/**
 * A stored, validated ISO.
 *
 * @param path   the file in DATA_DIR
 * @param layout its volume id, size and file extents, read once when it became ready
 */
public record ReadyImage(Path path, IsoLayout layout) {
}
