package org.assisted.imageservice.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import org.assisted.imageservice.iso.IsoEntry;
import org.assisted.imageservice.iso.IsoTreeAttributes;
import org.assisted.imageservice.minimal.MinimalIsoTemplate;
import org.assisted.imageservice.minimal.MinimalIsoTemplateInputs;

/**
 * What a minimal-ISO template is built from, as a text whose digest names the template's file ({@link
 * MinimalIsoTemplates}). A template is reused only when the text is the same; it is cheap to compute on every start (a few hundred KiB are read and
 * hashed, never the 1 GiB rootfs):
 *
 * <ul>
 *   <li>the template format version, architecture and rootfs URL (so IMAGE_SERVICE_BASE_URL is part of the key);</li>
 *   <li>the base ISO's identity: its size, a SHA-256 of its first {@value #HEAD_BYTES} bytes (System Area and
 *       volume descriptors, including the volume creation date), a SHA-256 of its directory tree (every path with
 *       its extent, size, mode, owner and times), and the file's modification time (not its inode, whose device
 *       number differs between hosts mounting one volume). A base with other content but the same tree still
 *       gets a new modification time, because the store only ever replaces a base ISO by publishing a new file;</li>
 *   <li>a SHA-256 of the nmstate archive's bytes, or {@code none}.</li>
 * </ul>
 */
final class MinimalIsoCacheKey {
    static final int HEAD_BYTES = 64 * 1024;
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private MinimalIsoCacheKey() {
    }

    static String of(ReadyImage base, MinimalIsoTemplateInputs inputs) throws IOException {
        BasicFileAttributes file = Files.readAttributes(base.path(), BasicFileAttributes.class);
        return "minimal-iso-template-format " + MinimalIsoTemplate.FORMAT_VERSION + "\n"
                + "arch " + inputs.arch() + "\n"
                + "rootfs-url " + inputs.rootfsUrl() + "\n"
                + "base-size " + file.size() + "\n"
                + "base-modified " + file.lastModifiedTime().toInstant() + "\n"
                + "base-head-sha256 " + headDigest(base.path()) + "\n"
                + "base-tree-sha256 " + treeDigest(base) + "\n"
                + "nmstate-sha256 " + archiveDigest(inputs.nmstateArchive()) + "\n";
    }

    private static String headDigest(Path iso) throws IOException {
        try (InputStream in = Files.newInputStream(iso)) {
            return HexFormat.of().formatHex(sha256().digest(in.readNBytes(HEAD_BYTES)));
        }
    }

    private static String treeDigest(ReadyImage base) {
        MessageDigest digest = sha256();
        for (IsoEntry entry : base.layout().fileSystem().entries()) {
            IsoTreeAttributes a = entry.attributes();
            String line = entry.path() + "\t" + entry.directory() + "\t" + entry.offset() + "\t" + entry.size()
                    + "\t" + entry.mode() + "\t" + Integer.toOctalString(a.mode()) + "\t" + a.uid() + "\t" + a.gid()
                    + "\t" + a.modified() + "\t" + a.accessed() + "\t" + a.changed() + "\n";
            digest.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String archiveDigest(Optional<Path> archive) throws IOException {
        if (archive.isEmpty()) {
            return "none";
        }
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(archive.get())) {
            byte[] buffer = new byte[READ_BUFFER_BYTES];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
