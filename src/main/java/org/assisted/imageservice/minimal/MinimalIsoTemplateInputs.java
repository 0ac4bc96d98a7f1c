package org.assisted.imageservice.minimal;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a minimal-ISO template needs besides the base ISO (docs/upstream-behaviour.md#minimal-iso).
 *
 * @param rootfsUrl      the URL the minimal ISO fetches its rootfs from, as built by {@link MinimalIsoRootfsUrl#build}
 * @param arch           CPU architecture of the base image ({@code x86_64}, {@code aarch64}, {@code ppc64le}, ...);
 *                       {@code ppc64le} images have no {@code isolinux/isolinux.cfg} to edit
 * @param nmstateArchive the cached nmstate archive of this version, copied to {@code images/nmstate.img} and added
 *                       to the initrd lines; empty when the version has none
 */
public record MinimalIsoTemplateInputs(String rootfsUrl, String arch, Optional<Path> nmstateArchive) {

    public MinimalIsoTemplateInputs {
        Objects.requireNonNull(rootfsUrl, "rootfsUrl");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(nmstateArchive, "nmstateArchive");
    }
}
