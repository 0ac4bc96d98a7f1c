package org.assisted.imageservice.minimal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.assisted.imageservice.coreos.IsoLayout;
import org.assisted.imageservice.coreos.RhcosPaths;
import org.assisted.imageservice.io.AtomicFiles;
import org.assisted.imageservice.iso.ImageReader;
import org.assisted.imageservice.iso.IsoFile;
import org.assisted.imageservice.iso.IsoFileSystem;
import org.assisted.imageservice.iso.IsoPrimaryVolume;
import org.assisted.imageservice.iso.IsoTreeAttributes;
import org.assisted.imageservice.iso.eltorito.ElToritoBoot;
import org.assisted.imageservice.iso.write.IsoTree;
import org.assisted.imageservice.iso.write.IsoTreeContent;
import org.assisted.imageservice.iso.write.IsoWriter;
import org.assisted.imageservice.iso.write.IsoWriterDates;
import org.assisted.imageservice.iso.write.IsoWriterPlan;
import org.assisted.imageservice.iso.write.IsoWriterRequest;
import org.assisted.imageservice.iso.write.IsoWriterVolume;

/**
 * The minimal-ISO template of a base (full) ISO (docs/upstream-behaviour.md#minimal-iso): the base's tree without
 * {@value #ROOTFS_PATH}, with a zero-filled {@value #RAMDISK_BYTES}-byte {@value #RAMDISK_PATH}, the nmstate archive
 * as {@value #NMSTATE_PATH} when given, grub.cfg and (except on ppc64le) isolinux.cfg booting from the rootfs URL
 * with the extra initrds, and {@code coreos/kargs.json} following those edits so that every kargs embed area lies
 * where the file says. Everything else is kept: file contents (copied from the base's extents), Rock Ridge
 * attributes, the El Torito entries, the volume descriptor identifiers and dates, and the System Area, whose
 * isohybrid MBR/GPT is rewritten for the new layout ({@link MinimalIsoTemplateBoot}).
 *
 * <p>Deviation from upstream (docs/upstream-behaviour.md#minimal-iso-el-torito): the template keeps the base's System
 * Area, so it also boots when written raw to a USB stick. The output depends only on the base ISO's bytes, the inputs
 * and the nmstate archive's bytes: no clock, no file-system metadata of the base or archive file, stable ordering.
 */
public final class MinimalIsoTemplate {

    /**
     * Version of the template's byte layout: caches of templates are keyed by it, so it must change whenever the
     * same base ISO and inputs would give different bytes.
     */
    public static final int FORMAT_VERSION = 1;

    public static final String ROOTFS_PATH = RhcosPaths.treePath(RhcosPaths.ROOTFS_PATH);
    public static final String RAMDISK_PATH = RhcosPaths.treePath(RhcosPaths.RAMDISK_PATH);
    public static final String NMSTATE_PATH = RhcosPaths.treePath(RhcosPaths.NMSTATE_PATH);
    public static final int RAMDISK_BYTES = 1024 * 1024;
    /** grub.cfg locations, the first existing one is edited. */
    public static final List<String> GRUB_PATHS =
            List.of(RhcosPaths.treePath(RhcosPaths.GRUB_CONFIG_PATH), "EFI/fedora/grub.cfg", "boot/grub/grub.cfg",
                    "EFI/centos/grub.cfg");
    public static final String ISOLINUX_PATH = RhcosPaths.treePath(RhcosPaths.ISOLINUX_CONFIG_PATH);
    public static final String KARGS_PATH = RhcosPaths.treePath(RhcosPaths.KARGS_JSON_PATH);

    private static final String ARCH_WITHOUT_ISOLINUX = "ppc64le";
    private static final OffsetDateTime UNSPECIFIED_DATE = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final int MAX_CONFIG_BYTES = 1024 * 1024;

    private MinimalIsoTemplate() {
    }

    /**
     * Lays out the template of {@code base}; the plan copies from {@code base.path()} (and the nmstate archive) when
     * written, so neither may change until then.
     *
     * @throws MinimalIsoException if the base lacks rootfs.img, a grub.cfg or (except ppc64le) isolinux.cfg, if
     *                             kargs.json is invalid or an edit {@code replacement spans across embed area
     *                             boundary}, if the rootfs URL holds {@code $} or {@code \}, or if the nmstate
     *                             archive is missing, or if the writer cannot record the base's tree (a file of
     *                             4 GiB or more, a date outside 1900–2155)
     * @throws IOException         if the base cannot be read or changed since {@code base} was read
     */
    public static IsoWriterPlan plan(IsoLayout base, MinimalIsoTemplateInputs inputs)
            throws IOException, MinimalIsoException {
        IsoWriterRequest request = request(base, inputs);
        try {
            return IsoWriter.layout(request);
        } catch (IllegalArgumentException e) {
            throw new MinimalIsoException("cannot lay out the template of " + base.path() + ": " + e.getMessage(), e);
        }
    }

    /** The writer request behind {@link #plan}, for callers that want to inspect or adjust the tree. */
    public static IsoWriterRequest request(IsoLayout base, MinimalIsoTemplateInputs inputs)
            throws IOException, MinimalIsoException {
        checkRootfsUrl(inputs.rootfsUrl());
        Optional<Path> nmstate = inputs.nmstateArchive();
        if (nmstate.isPresent() && !Files.isRegularFile(nmstate.get())) {
            throw new MinimalIsoException("nmstatectl cache file not found: " + nmstate.get());
        }
        try (FileChannel channel = FileChannel.open(base.path(), StandardOpenOption.READ)) {
            if (channel.size() != base.size()) {
                throw new IOException("base ISO " + base.path() + " is " + channel.size() + " bytes, was "
                        + base.size() + " when read");
            }
            ImageReader reader = new ImageReader(channel);
            IsoFileSystem fs = base.fileSystem();
            Optional<ElToritoBoot> boot = MinimalIsoTemplateBoot.elTorito(fs, reader);
            IsoTree tree = MinimalIsoTemplateTree.copy(fs, base.path(), boot.flatMap(ElToritoBoot::catalogPath));
            replaceRootfs(tree, nmstate);
            editConfigs(tree, reader, inputs, nmstate.isPresent());
            IsoPrimaryVolume pvd = IsoPrimaryVolume.read(reader);
            return new IsoWriterRequest(tree, writerVolume(pvd), writerDates(pvd), boot,
                    MinimalIsoTemplateBoot.systemArea(base, reader));
        }
    }

    /** The base image's identifiers, written again unchanged. */
    private static IsoWriterVolume writerVolume(IsoPrimaryVolume pvd) {
        return new IsoWriterVolume(pvd.volumeId(), pvd.systemId(), pvd.volumeSetId(), pvd.publisherId(),
                pvd.preparerId(), pvd.applicationId());
    }

    /** The base image's dates; an unspecified creation or modification date becomes the epoch (UTC). */
    private static IsoWriterDates writerDates(IsoPrimaryVolume pvd) {
        return new IsoWriterDates(pvd.created().orElse(UNSPECIFIED_DATE), pvd.modified().orElse(UNSPECIFIED_DATE),
                pvd.expires().orElse(null), pvd.effective().orElse(null));
    }

    /**
     * Writes {@code plan} to a temporary file in {@code target}'s directory, forces it to disk and moves it to
     * {@code target} atomically (replacing it). The temporary file is deleted on any failure, including
     * interruption ({@link java.nio.channels.ClosedByInterruptException}, {@link InterruptedIOException}).
     */
    public static void write(IsoWriterPlan plan, Path target) throws IOException {
        AtomicFiles.write(target, temp -> {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                plan.writeTo(channel);
                channel.force(true);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while writing " + target);
            }
        });
    }

    /** The URL goes into configs as ISO-8859-1 bytes: printable ASCII only, as {@link MinimalIsoRootfsUrl} makes. */
    private static void checkRootfsUrl(String rootfsUrl) throws MinimalIsoException {
        MinimalIsoConfig.checkRootfsUrl(rootfsUrl);
        if (rootfsUrl.isEmpty() || !rootfsUrl.chars().allMatch(c -> c > ' ' && c < 0x7F)) {
            throw new MinimalIsoException("invalid rootfs URL: must be non-empty printable ASCII without spaces");
        }
    }

    /** Drops rootfs.img, adds the ramdisk and nmstate images with rootfs.img's attributes. */
    private static void replaceRootfs(IsoTree tree, Optional<Path> nmstate)
            throws IOException, MinimalIsoException {
        IsoTreeAttributes attributes = tree.attributes(ROOTFS_PATH).filter(a -> tree.isFile(ROOTFS_PATH))
                .orElseThrow(() -> new MinimalIsoException("base ISO has no " + ROOTFS_PATH));
        tree.remove(ROOTFS_PATH);
        MinimalIsoTemplateTree.put(tree, RAMDISK_PATH, IsoTreeContent.bytes(new byte[RAMDISK_BYTES]), attributes);
        if (nmstate.isPresent()) {
            IsoTreeContent archive = IsoTreeContent.extent(nmstate.get(), 0, Files.size(nmstate.get()));
            MinimalIsoTemplateTree.put(tree, NMSTATE_PATH, archive, attributes);
        }
    }

    /** docs/upstream-behaviour.md#minimal-iso, steps 6 to 8. */
    private static void editConfigs(IsoTree tree, ImageReader reader, MinimalIsoTemplateInputs inputs, boolean nmstate)
            throws IOException, MinimalIsoException {
        Optional<MinimalIsoKargs> kargs = tree.isFile(KARGS_PATH)
                ? Optional.of(MinimalIsoKargs.parse(read(tree, KARGS_PATH, reader))) : Optional.empty();
        String grubPath = GRUB_PATHS.stream().filter(tree::isFile).findFirst().orElseThrow(() -> new MinimalIsoException(
                "no grub.cfg found, possible paths are [" + String.join(" ", GRUB_PATHS) + "]"));
        MinimalIsoConfig.Result grub = MinimalIsoConfig.fixGrubConfig(text(tree, grubPath, reader),
                inputs.rootfsUrl(), nmstate);
        tree.replaceContent(grubPath, bytes(grub.content()));
        if (kargs.isPresent()) {
            kargs = Optional.of(kargs.get().shifted(grubPath, grub.edits()));
        }
        if (!inputs.arch().equals(ARCH_WITHOUT_ISOLINUX)) {
            if (!tree.isFile(ISOLINUX_PATH)) {
                throw new MinimalIsoException("base ISO has no " + ISOLINUX_PATH);
            }
            MinimalIsoConfig.Result isolinux = MinimalIsoConfig.fixIsolinuxConfig(
                    text(tree, ISOLINUX_PATH, reader), inputs.rootfsUrl(), nmstate);
            tree.replaceContent(ISOLINUX_PATH, bytes(isolinux.content()));
            if (kargs.isPresent()) {
                kargs = Optional.of(kargs.get().shifted(ISOLINUX_PATH, isolinux.edits()));
            }
        }
        if (kargs.isPresent()) {
            MinimalIsoKargs edited = kargs.get().withRootfsUrl(inputs.rootfsUrl());
            tree.replaceContent(KARGS_PATH, IsoTreeContent.bytes(edited.toJson()));
        }
    }

    /** Configs are decoded byte for byte so that edit offsets are byte offsets. */
    private static String text(IsoTree tree, String path, ImageReader reader) throws IOException {
        return new String(read(tree, path, reader), StandardCharsets.ISO_8859_1);
    }

    private static IsoTreeContent bytes(String text) {
        return IsoTreeContent.bytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] read(IsoTree tree, String path, ImageReader reader) throws IOException {
        IsoTreeContent content = tree.content(path).orElseThrow();
        if (content instanceof IsoTreeContent.Bytes bytes) {
            return bytes.bytes();
        }
        IsoTreeContent.Extent extent = (IsoTreeContent.Extent) content;
        return reader.readFile(new IsoFile(path, extent.offset(), extent.size()), MAX_CONFIG_BYTES);
    }
}
