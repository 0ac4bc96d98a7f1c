/**
 * The newc cpio format (magic {@code 070701}): the one codec of its header and padding, and the writer of archives.
 * <p>May import: nothing of ours.
 */
package org.assisted.imageservice.archive.cpio;
