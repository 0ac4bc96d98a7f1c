package org.assisted.imageservice.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.assisted.imageservice.coreos.IsoLayout;
import org.assisted.imageservice.coreos.RhcosPaths;
import org.assisted.imageservice.iso.IsoFile;

/** Checks a stored ISO as upstream does after a download: volume identifier prefix, then boot-artifact sizes. */
final class IsoValidator {
    private static final List<String> VOLUME_ID_PREFIXES = List.of("rhcos-", "rhel-coreos-", "fedora-coreos-", "scos-");

    private final long minRootfsSize;
    private final long minKernelSize;

    /** @param minRootfsSize minimum rootfs.img size in bytes; {@code minKernelSize} likewise for the kernel */
    IsoValidator(long minRootfsSize, long minKernelSize) {
        this.minRootfsSize = minRootfsSize;
        this.minKernelSize = minKernelSize;
    }

    /**
     * @return the layout of a valid image
     * @throws InvalidImageException with upstream's message when the file is not a usable OS image
     * @throws InterruptedIOException when the thread was interrupted while reading
     */
    IsoLayout validate(Path iso, String arch) throws InvalidImageException, InterruptedIOException {
        return validate(iso, iso, arch);
    }

    /**
     * Validates a download before it is moved to {@code storedAs}.
     *
     * @param file     the file to read
     * @param storedAs where it will be stored: named in messages and the path of the returned layout
     * @see #validate(Path, String)
     */
    IsoLayout validate(Path file, Path storedAs, String arch) throws InvalidImageException, InterruptedIOException {
        IsoLayout layout = read(file, storedAs);
        String volumeId = layout.volumeId();
        if (VOLUME_ID_PREFIXES.stream().noneMatch(volumeId::startsWith)) {
            throw new InvalidImageException("failed to validate " + storedAs + ": ISO volume identifier (" + volumeId
                    + ") is invalid");
        }
        Optional<String> problem = bootArtifactProblem(layout, arch);
        if (problem.isPresent()) {
            throw new InvalidImageException("failed to validate boot artifacts in " + storedAs + ": " + problem.get());
        }
        return file.equals(storedAs) ? layout : layout.movedTo(storedAs);
    }

    private Optional<String> bootArtifactProblem(IsoLayout layout, String arch) {
        Optional<IsoFile> rootfs = layout.file(RhcosPaths.ROOTFS_PATH);
        if (rootfs.isEmpty()) {
            return Optional.of("rootfs not found in ISO");
        }
        if (rootfs.get().size() < minRootfsSize) {
            return Optional.of("rootfs size " + rootfs.get().size() + " bytes is below minimum " + minRootfsSize);
        }
        Optional<IsoFile> kernel = layout.file(RhcosPaths.KERNEL_PATH);
        if (kernel.isEmpty() && RhcosPaths.S390X.equals(arch)) {
            kernel = layout.file(RhcosPaths.S390X_KERNEL_PATH);
        }
        if (kernel.isEmpty()) {
            return Optional.of("kernel not found in ISO");
        }
        if (kernel.get().size() < minKernelSize) {
            return Optional.of("kernel size " + kernel.get().size() + " bytes is below minimum " + minKernelSize);
        }
        return Optional.empty();
    }

    private static IsoLayout read(Path file, Path storedAs) throws InvalidImageException, InterruptedIOException {
        try {
            return IsoLayout.read(file);
        } catch (ClosedByInterruptException | InterruptedIOException e) {
            throw new InterruptedIOException("reading " + file + " was interrupted");
        } catch (IOException | RuntimeException e) {
            // IsoLayout reports a malformed image with an IsoFormatException, an IOException. A RuntimeException
            // from a structure the readers did not anticipate and an unreadable file are treated the same way: the
            // image is deleted and fetched again instead of failing the same way forever.
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("reading " + file + " was interrupted");
            }
            throw new InvalidImageException("failed to read ISO " + storedAs + ": " + e.getMessage(), e);
        }
    }
}
