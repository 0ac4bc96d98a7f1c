package org.assisted.imageservice.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.assisted.imageservice.iso.IsoTreeAttributes;
import org.assisted.imageservice.iso.eltorito.ElToritoBoot;
import org.assisted.imageservice.iso.eltorito.ElToritoEntry;
import org.assisted.imageservice.iso.write.IsoTree;
import org.assisted.imageservice.iso.write.IsoTreeContent;
import org.assisted.imageservice.iso.write.IsoWriter;
import org.assisted.imageservice.iso.write.IsoWriterDates;
import org.assisted.imageservice.iso.write.IsoWriterRequest;
import org.assisted.imageservice.iso.write.IsoWriterSystemArea;
import org.assisted.imageservice.iso.write.IsoWriterVolume;

/**
 * Builds a {@link TestIsos} image with the project's own {@link IsoWriter}, so that no external tool is needed
 * (the local demo runs on machines without xorriso). The files are those {@link TestIsoTree} writes for xorriso;
 * the El Torito entries are the ones {@code TestIsos} asks xorriso for (x86: BIOS {@code isolinux/isolinux.bin}
 * with a boot info table and EFI {@code images/efiboot.img}, catalog {@code isolinux/boot.cat}; aarch64: the EFI
 * entry alone, catalog {@code boot.catalog}; s390x: {@code images/cdboot.img}, catalog {@code boot.catalog}).
 * Unlike xorriso's output the image has Rock Ridge but no Joliet, and a zero System Area (no isohybrid MBR).
 * Output is reproducible: fixed dates, no clock.
 */
final class JavaIsoWriter {

    private static final OffsetDateTime VOLUME_DATE = OffsetDateTime.of(2025, 1, 22, 13, 27, 0, 0, ZoneOffset.UTC);
    private static final Instant FILE_TIME = VOLUME_DATE.toInstant();
    private static final int DIRECTORY_MODE = 0755;
    private static final int FILE_MODE = 0644;
    private static final String X86_CATALOG = "isolinux/boot.cat";
    private static final String X86_BIOS_IMAGE = "isolinux/isolinux.bin";
    private static final String X86_EFI_IMAGE = "images/efiboot.img";
    private static final String AARCH64_CATALOG = "boot.catalog";
    private static final String S390X_CATALOG = "boot.catalog";
    private static final String S390X_BOOT_IMAGE = "images/cdboot.img";

    private JavaIsoWriter() {
    }

    /** Writes the image to {@code iso} (replaced atomically if it exists), using a scratch tree next to it. */
    static Path write(TestIsos spec, Path iso) throws IOException {
        Path target = iso.toAbsolutePath();
        Path scratch = Files.createTempDirectory(target.getParent(), "tree-");
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            TestIsoTree.write(spec, scratch);
            IsoTree tree = isoTree(scratch);
            Optional<ElToritoBoot> boot = boot(spec, tree, scratch);
            IsoWriterRequest request = new IsoWriterRequest(tree, IsoWriterVolume.of(spec.volumeId()),
                    IsoWriterDates.of(VOLUME_DATE), boot, IsoWriterSystemArea.zeros());
            IsoWriter.layout(request).writeTo(partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(partial);
            TestIsos.deleteTree(scratch);
        }
    }

    /** Every directory and file below {@code root}; file contents are extents of the scratch files. */
    private static IsoTree isoTree(Path root) throws IOException {
        IsoTree tree = new IsoTree(attributes(DIRECTORY_MODE));
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted().toList()) {
                String isoPath = root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
                if (isoPath.isEmpty()) {
                    continue;
                }
                if (Files.isDirectory(path)) {
                    tree.addDirectory(isoPath, attributes(DIRECTORY_MODE));
                } else {
                    tree.addFile(isoPath, IsoTreeContent.extent(path, 0, Files.size(path)), attributes(FILE_MODE));
                }
            }
        }
        return tree;
    }

    /** The entries whose boot image is in the tree (an override may have removed one); none → not bootable. */
    private static Optional<ElToritoBoot> boot(TestIsos spec, IsoTree tree, Path root) throws IOException {
        List<ElToritoEntry> entries = new ArrayList<>();
        String catalog;
        if (spec.layout() == TestIsos.Layout.S390X) {
            catalog = S390X_CATALOG;
            if (tree.isFile(S390X_BOOT_IMAGE)) {
                long size = Files.size(root.resolve(S390X_BOOT_IMAGE));
                entries.add(ElToritoEntry.noEmulation(ElToritoEntry.PLATFORM_X86, S390X_BOOT_IMAGE,
                        ElToritoEntry.fullImageLoadSectors(size), false));
            }
        } else {
            catalog = spec.arch() == TestIsos.Arch.AARCH64 ? AARCH64_CATALOG : X86_CATALOG;
            if (tree.isFile(X86_BIOS_IMAGE)) {
                entries.add(ElToritoEntry.noEmulation(ElToritoEntry.PLATFORM_X86, X86_BIOS_IMAGE,
                        ElToritoEntry.ISOLINUX_LOAD_SECTORS, true));
            }
            if (tree.isFile(X86_EFI_IMAGE)) {
                long size = Files.size(root.resolve(X86_EFI_IMAGE));
                entries.add(ElToritoEntry.noEmulation(ElToritoEntry.PLATFORM_EFI, X86_EFI_IMAGE,
                        ElToritoEntry.efiLoadSectors(size), false));
            }
        }
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        if (!tree.isFile(catalog)) {
            tree.addFile(catalog, IsoTreeContent.bytes(new byte[0]), attributes(FILE_MODE));
        }
        return Optional.of(ElToritoBoot.visible(catalog, entries));
    }

    private static IsoTreeAttributes attributes(int mode) {
        return IsoTreeAttributes.of(mode, 0, 0, FILE_TIME);
    }
}
