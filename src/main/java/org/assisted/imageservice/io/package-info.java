/**
 * File and channel I/O idioms the formats and the store share, written once: positional read-fully and
 * write-fully on channels ({@link org.assisted.imageservice.io.ChannelIo}) and publishing a file by an atomic
 * rename ({@link org.assisted.imageservice.io.AtomicFiles}). Imports the JDK only; knows no image format.
 * <p>May import: nothing of ours. The JDK only.
 */
package org.assisted.imageservice.io;
