package org.assisted.imageservice.coreos;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

import org.assisted.imageservice.iso.ImageReader;
import org.assisted.imageservice.iso.IsoFile;
import org.assisted.imageservice.iso.IsoFileSystem;
import org.assisted.imageservice.iso.IsoFormatException;

/**
 * Everything request handling needs to know about one stored ISO, computed once (at start-up or after a
 * download) so that no request parses the image.
 *
 * @param path         the ISO file
 * @param size         file size in bytes when it was read
 * @param volumeId     primary volume identifier, trimmed
 * @param fileSystem   the directory tree (file extents, boot catalog)
 * @param ignitionArea the ignition embed area (docs/upstream-behaviour.md#locating-the-ignition-area); empty if the
 *                     image has neither {@code coreos/igninfo.json} nor {@code images/ignition.img}
 * @param kargsAreas   the kernel-argument embed areas (docs/upstream-behaviour.md#writing-kernel-arguments), or why
 *                     there are none
 */
public record IsoLayout(Path path, long size, String volumeId, IsoFileSystem fileSystem,
                        Optional<EmbedArea> ignitionArea, KargsAreas kargsAreas) {

    public IsoLayout {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(volumeId, "volumeId");
        Objects.requireNonNull(fileSystem, "fileSystem");
        Objects.requireNonNull(ignitionArea, "ignitionArea");
        Objects.requireNonNull(kargsAreas, "kargsAreas");
    }

    /**
     * Reads the ISO's structure and embed areas.
     *
     * @throws IsoFormatException if the image or its {@code coreos/igninfo.json} is malformed (a malformed
     *                            {@code kargs.json} only makes {@link #kargsAreas()} {@code INVALID})
     */
    public static IsoLayout read(Path iso) throws IOException {
        try (FileChannel channel = FileChannel.open(iso, StandardOpenOption.READ)) {
            ImageReader reader = new ImageReader(channel);
            IsoFileSystem fs = IsoFileSystem.read(channel);
            return new IsoLayout(iso, reader.size(), fs.volumeId(), fs, EmbedAreaLocator.ignitionArea(fs, reader),
                    EmbedAreaLocator.kargsAreas(fs, reader));
        }
    }

    /** The same layout for the same bytes found at {@code other} (a file that was moved after it was read). */
    public IsoLayout movedTo(Path other) {
        return new IsoLayout(other, size, volumeId, fileSystem, ignitionArea, kargsAreas);
    }

    /** Looks up a regular file; see {@link IsoFileSystem#find(String)}. */
    public Optional<IsoFile> file(String path) {
        return fileSystem.find(path);
    }
}
