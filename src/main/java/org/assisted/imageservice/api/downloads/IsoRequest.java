package org.assisted.imageservice.api.downloads;

import java.util.Optional;

import org.assisted.imageservice.assisted.Credential;
import org.assisted.imageservice.config.ImageType;

/**
 * A parsed ISO download request, from the long or a short URL.
 *
 * @param imageId    the InfraEnv id (from the path or the JWT)
 * @param version    RHCOS or OpenShift version key
 * @param arch       CPU architecture
 * @param type       which image
 * @param credential what to forward to assisted-service, if anything
 */
public record IsoRequest(String imageId, String version, String arch, ImageType type, Optional<Credential> credential) {
}
