package org.assisted.imageservice.iso.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assisted.imageservice.io.ChannelIo;
import org.assisted.imageservice.iso.IsoFile;
import org.assisted.imageservice.iso.IsoSectors;
import org.assisted.imageservice.iso.VolumeDescriptors;
import org.assisted.imageservice.iso.eltorito.BootInfoTable;
import org.assisted.imageservice.iso.eltorito.ElToritoBoot;
import org.assisted.imageservice.iso.eltorito.ElToritoCatalog;
import org.assisted.imageservice.iso.eltorito.ElToritoEntry;

/**
 * Lays out and encodes an ECMA-119 image with Rock Ridge (RRIP 1.10) and optional El Torito, without Joliet.
 * Output depends only on the request: no clock, no host data, stable ordering. Sector order: System Area (0–15),
 * PVD (16), boot record, terminator, L and M path tables, directories (path-table order), SUSP continuation
 * areas, boot catalog (hidden or visible), then file data in path order, each file one contiguous extent
 * (files &lt; 4 GiB), then, for a rewritten isohybrid GPT, padding and the backup GPT.
 */
public final class IsoWriter {

    private static final long MAX_FILE_BYTES = 0xFFFF_FFFFL;

    private IsoWriter() {
    }

    /** Computes where everything goes; file sources are only checked for length here, read when writing. */
    public static IsoWriterPlan layout(IsoWriterRequest request) throws IOException {
        IsoTree tree = request.tree();
        Map<String, IsoTreeNode> files = filesInPathOrder(tree.root());
        checkSources(files);
        IsoWriterDirectories directories = IsoWriterDirectories.plan(tree.root());
        long sector = VolumeDescriptors.FIRST_SECTOR + (request.boot().isPresent() ? 3 : 2);
        long pathTableSectors = IsoSectors.count(directories.pathTableBytes());
        IsoWriterDescriptors.PathTables pathTables = new IsoWriterDescriptors.PathTables(sector,
                sector + pathTableSectors, directories.pathTableBytes());
        sector = directories.placeContinuations(directories.placeDirectories(sector + 2 * pathTableSectors));
        Map<IsoTreeNode, IsoWriterDirectories.Extent> extents = new IdentityHashMap<>();
        directories.directories().forEach(d -> extents.put(d.node, new IsoWriterDirectories.Extent(d.sector, d.size)));
        IsoTreeNode catalogFile = request.boot().flatMap(ElToritoBoot::catalogPath)
                .map(path -> tree.find(path).filter(n -> !n.isDirectory()).orElseThrow(
                        () -> new IllegalArgumentException("boot catalog file missing from tree: " + path)))
                .orElse(null);
        long catalogSector = request.boot().isPresent() ? sector++ : 0;
        List<IsoFile> placed = new ArrayList<>();
        for (Map.Entry<String, IsoTreeNode> file : files.entrySet()) {
            IsoTreeNode node = file.getValue();
            long size = node == catalogFile ? ElToritoCatalog.CATALOG_BYTES : node.content().size();
            long fileSector = node == catalogFile ? catalogSector : sector;
            extents.put(node, new IsoWriterDirectories.Extent(fileSector, size));
            placed.add(new IsoFile(file.getKey(), IsoSectors.offset(fileSector), size));
            sector += node == catalogFile ? 0 : IsoSectors.count(size);
        }
        return encode(request, new Layout(directories, pathTables, extents, files, catalogFile, catalogSector,
                sector, placed));
    }

    private record Layout(IsoWriterDirectories directories, IsoWriterDescriptors.PathTables pathTables,
                          Map<IsoTreeNode, IsoWriterDirectories.Extent> extents, Map<String, IsoTreeNode> files,
                          IsoTreeNode catalogFile, long catalogSector, long dataEndSector, List<IsoFile> placed) {
    }

    private static IsoWriterPlan encode(IsoWriterRequest request, Layout layout) throws IOException {
        IsoWriterHybrid.Result hybrid = IsoWriterHybrid.rewrite(request.systemArea(), moves(request, layout),
                IsoSectors.offset(layout.dataEndSector()));
        List<IsoWriterSegment> segments = new ArrayList<>();
        segments.add(new IsoWriterSegment(0, IsoTreeContent.bytes(hybrid.systemArea())));
        addMetadata(request, layout, hybrid.imageSize() / IsoSectors.SECTOR_BYTES, segments);
        Map<IsoTreeNode, byte[]> patched = bootSegments(request, layout, segments);
        for (IsoTreeNode node : layout.files().values()) {
            IsoWriterDirectories.Extent extent = layout.extents().get(node);
            if (node != layout.catalogFile() && extent.size() > 0) {
                IsoTreeContent content = patched.containsKey(node)
                        ? IsoTreeContent.bytes(patched.get(node)) : node.content();
                segments.add(new IsoWriterSegment(IsoSectors.offset(extent.sector()), content));
            }
        }
        hybrid.tail().ifPresent(segments::add);
        segments.sort((a, b) -> Long.compare(a.offset(), b.offset()));
        return new IsoWriterPlan(hybrid.imageSize(), layout.placed(), segments);
    }

    /** Volume descriptors, path tables, directories and continuation areas. */
    private static void addMetadata(IsoWriterRequest request, Layout layout, long volumeSectors,
                                    List<IsoWriterSegment> segments) {
        IsoTreeNode root = request.tree().root();
        byte[] rootRecord = new byte[IsoWriterRecord.FIXED_BYTES + 1];
        IsoWriterDirectories.Extent rootExtent = layout.extents().get(root);
        new IsoWriterRecord(new byte[] {0}, root, List.of()).encode(rootRecord, 0, rootExtent.sector(), rootExtent.size());
        long sector = VolumeDescriptors.FIRST_SECTOR;
        add(segments, sector++, IsoWriterDescriptors.primary(request.volume(), request.dates(), rootRecord,
                volumeSectors, layout.pathTables()));
        if (request.boot().isPresent()) {
            add(segments, sector++, IsoWriterDescriptors.bootRecord(layout.catalogSector()));
        }
        add(segments, sector, IsoWriterDescriptors.terminator());
        IsoWriterDirectories directories = layout.directories();
        add(segments, layout.pathTables().lSector(), directories.pathTable(ByteOrder.LITTLE_ENDIAN));
        add(segments, layout.pathTables().mSector(), directories.pathTable(ByteOrder.BIG_ENDIAN));
        for (IsoWriterDirectories.Directory directory : directories.directories()) {
            add(segments, directory.sector, directories.encodeDirectory(directory, layout.extents()));
        }
        add(segments, directories.continuationSector(), directories.encodeContinuations());
    }

    /** Adds the catalog segment; returns the boot images that carry a patched boot info table. */
    private static Map<IsoTreeNode, byte[]> bootSegments(IsoWriterRequest request, Layout layout,
                                                         List<IsoWriterSegment> segments) throws IOException {
        Map<IsoTreeNode, byte[]> patched = new IdentityHashMap<>();
        if (request.boot().isEmpty()) {
            return patched;
        }
        List<ElToritoEntry> entries = request.boot().get().entries();
        List<Long> imageSectors = new ArrayList<>();
        for (ElToritoEntry entry : entries) {
            IsoTreeNode image = bootImage(request.tree(), entry);
            long imageSector = layout.extents().get(image).sector();
            imageSectors.add(imageSector);
            if (entry.bootInfoTable() && !patched.containsKey(image)) {
                patched.put(image, BootInfoTable.patch(read(image.content()), VolumeDescriptors.FIRST_SECTOR,
                        imageSector));
            }
        }
        add(segments, layout.catalogSector(), ElToritoCatalog.encode(entries, imageSectors));
        return patched;
    }

    private static IsoTreeNode bootImage(IsoTree tree, ElToritoEntry entry) {
        return tree.find(entry.imagePath()).filter(n -> !n.isDirectory()).orElseThrow(
                () -> new IllegalArgumentException("El Torito boot image missing from tree: " + entry.imagePath()));
    }

    /** Old → new byte offsets of files copied from the hybrid base image. */
    private static Map<Long, Long> moves(IsoWriterRequest request, Layout layout) {
        Map<Long, Long> moves = new LinkedHashMap<>();
        Path base = request.systemArea().baseImage();
        if (base == null) {
            return moves;
        }
        Path normalizedBase = base.toAbsolutePath().normalize();
        for (IsoTreeNode node : layout.files().values()) {
            if (node.content() instanceof IsoTreeContent.Extent extent
                    && extent.file().toAbsolutePath().normalize().equals(normalizedBase) && node != layout.catalogFile()) {
                moves.putIfAbsent(extent.offset(), IsoSectors.offset(layout.extents().get(node).sector()));
            }
        }
        return moves;
    }

    private static void add(List<IsoWriterSegment> segments, long sector, byte[] bytes) {
        if (bytes.length > 0) {
            segments.add(new IsoWriterSegment(IsoSectors.offset(sector), IsoTreeContent.bytes(bytes)));
        }
    }

    private static Map<String, IsoTreeNode> filesInPathOrder(IsoTreeNode root) {
        Map<String, IsoTreeNode> files = new LinkedHashMap<>();
        collect(root, "", files);
        return files;
    }

    private static void collect(IsoTreeNode directory, String path, Map<String, IsoTreeNode> files) {
        for (IsoTreeNode child : directory.children()) {
            String childPath = path + "/" + child.name();
            if (child.isDirectory()) {
                collect(child, childPath, files);
            } else {
                files.put(childPath, child);
            }
        }
    }

    private static void checkSources(Map<String, IsoTreeNode> files) throws IOException {
        Map<Path, Long> sizes = new LinkedHashMap<>();
        for (Map.Entry<String, IsoTreeNode> file : files.entrySet()) {
            IsoTreeContent content = file.getValue().content();
            if (content.size() > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(file.getKey() + " is " + content.size() + " bytes, 4 GiB or more");
            }
            if (content instanceof IsoTreeContent.Extent extent) {
                long sourceSize = sizes.containsKey(extent.file()) ? sizes.get(extent.file()) : Files.size(extent.file());
                sizes.put(extent.file(), sourceSize);
                if (extent.offset() + extent.size() > sourceSize) {
                    throw new IllegalArgumentException(file.getKey() + ": extent " + extent.offset() + "+" + extent.size()
                            + " exceeds " + extent.file() + " of " + sourceSize + " bytes");
                }
            }
        }
    }

    private static byte[] read(IsoTreeContent content) throws IOException {
        if (content instanceof IsoTreeContent.Bytes bytes) {
            return bytes.bytes();
        }
        IsoTreeContent.Extent extent = (IsoTreeContent.Extent) content;
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(extent.size()));
        try (FileChannel channel = FileChannel.open(extent.file(), StandardOpenOption.READ)) {
            ChannelIo.readFully(channel, buffer, extent.offset(),
                    at -> new IOException("boot image ends early in " + extent.file()));
        }
        return buffer.array();
    }
}
