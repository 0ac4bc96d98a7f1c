package org.assisted.imageservice.coreos;

/**
 * A byte region of the image that a request may overwrite.
 *
 * @param file   ISO path of the file holding the area (for messages)
 * @param offset absolute byte offset in the image
 * @param length area length in bytes
 */
public record EmbedArea(String file, long offset, long length) {
}
