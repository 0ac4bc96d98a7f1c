package org.assisted.imageservice.iso;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;


/**
 * The directory tree of an ISO 9660 image (ECMA-119), read once and kept in memory: volume identifier, every
 * file's extent, Rock Ridge names, modes, owners and times (RRIP 1.12), and the El Torito boot catalog. Joliet is ignored.
 *
 * <p>Reading is bounded by the image size: corrupt or hostile input ends in an {@link IsoFormatException}
 * (or an {@link IOException} from the channel), never in a loop or an allocation larger than the image
 * structures it describes. Instances are immutable and thread-safe.
 */
public final class IsoFileSystem {

    private final String volumeId;
    private final List<IsoEntry> entries;
    private final Map<String, IsoEntry> byPath = new HashMap<>();
    private final Map<String, IsoEntry> byIsoPath = new HashMap<>();
    private final OptionalLong bootCatalogSector;
    private final IsoTreeAttributes rootAttributes;

    private IsoFileSystem(String volumeId, DirectoryTreeReader.Tree tree, OptionalLong bootCatalogSector) {
        List<DirectoryTreeReader.Walked> walked = tree.entries();
        this.volumeId = volumeId;
        this.bootCatalogSector = bootCatalogSector;
        this.rootAttributes = tree.rootAttributes();
        this.entries = walked.stream().map(DirectoryTreeReader.Walked::entry)
                .sorted(Comparator.comparing(IsoEntry::path)).collect(Collectors.toUnmodifiableList());
        for (DirectoryTreeReader.Walked w : walked) {
            byPath.putIfAbsent(w.entry().path(), w.entry());
            byIsoPath.putIfAbsent(w.isoPath(), w.entry());
        }
    }

    /** Reads the image at {@code image}; the file is closed before returning. */
    public static IsoFileSystem read(Path image) throws IOException {
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            return read(channel);
        }
    }

    /** Reads the image from {@code channel} with positional reads (the channel position is not used). */
    public static IsoFileSystem read(FileChannel channel) throws IOException {
        ImageReader reader = new ImageReader(channel);
        VolumeDescriptors descriptors = VolumeDescriptors.read(reader);
        DirectoryTreeReader.Tree walked =
                DirectoryTreeReader.walk(reader, descriptors.rootSector(), descriptors.rootLength());
        return new IsoFileSystem(descriptors.volumeId(), walked, descriptors.bootCatalogSector());
    }

    /** @return the primary volume identifier (ECMA-119 §8.4.6, bytes 40-71), surrounding whitespace trimmed */
    public String volumeId() {
        return volumeId;
    }

    /**
     * Finds a regular file. Rock Ridge names are matched exactly first; failing that, the plain ISO 9660 names
     * are matched case-insensitively without version ({@code ;1}) and trailing dot, as coreos-installer does.
     *
     * @param path absolute or relative to the root, e.g. {@code /images/ignition.img} or {@code images/ignition.img}
     */
    public Optional<IsoFile> find(String path) {
        return entry(path).filter(e -> !e.directory()).map(IsoEntry::toFile);
    }

    /** Like {@link #find(String)}, for files and directories. */
    public Optional<IsoEntry> entry(String path) {
        String absolute = path.startsWith("/") ? path : "/" + path;
        IsoEntry exact = byPath.get(absolute);
        if (exact != null) {
            return Optional.of(exact);
        }
        String isoPath = Arrays.stream(absolute.substring(1).split("/", -1))
                .map(DirectoryTreeReader::normalizeIsoName)
                .collect(Collectors.joining("/", "/", ""));
        return Optional.ofNullable(byIsoPath.get(isoPath.toLowerCase(Locale.ROOT)));
    }

    /** @return all regular files, sorted by path */
    public List<IsoFile> files() {
        return entries.stream().filter(e -> !e.directory()).map(IsoEntry::toFile).toList();
    }

    /** @return all files and directories except the root, sorted by path, with Rock Ridge modes */
    public List<IsoEntry> entries() {
        return entries;
    }

    /** @return attributes of the root directory, as {@link IsoEntry#attributes()} describes them */
    public IsoTreeAttributes rootAttributes() {
        return rootAttributes;
    }

    /**
     * @return the sector of the El Torito boot catalog, when the image has an El Torito boot record (read it with
     *     {@code iso.eltorito.ElToritoCatalog})
     */
    public OptionalLong bootCatalogSector() {
        return bootCatalogSector;
    }
}
