package org.assisted.imageservice.iso.write;

import java.util.Objects;

/**
 * Identifiers of the primary volume descriptor (ECMA-119 §8.4), written verbatim in ISO-8859-1 and space padded:
 * no case mapping or character filtering, since RHCOS boots by its volume label
 * ({@code rhcos-418.94.202501221327-0}).
 *
 * @param volumeId      at most 32 bytes (PVD offset 40)
 * @param systemId      at most 32 bytes (offset 8)
 * @param volumeSetId   at most 128 bytes (offset 190)
 * @param publisherId   at most 128 bytes (offset 318)
 * @param preparerId    at most 128 bytes (offset 446)
 * @param applicationId at most 128 bytes (offset 574)
 */
public record IsoWriterVolume(String volumeId, String systemId, String volumeSetId, String publisherId,
                              String preparerId, String applicationId) {

    public IsoWriterVolume {
        Objects.requireNonNull(volumeId, "volumeId");
        Objects.requireNonNull(systemId, "systemId");
        Objects.requireNonNull(volumeSetId, "volumeSetId");
        Objects.requireNonNull(publisherId, "publisherId");
        Objects.requireNonNull(preparerId, "preparerId");
        Objects.requireNonNull(applicationId, "applicationId");
    }

    /** A volume with only a volume identifier; the other identifiers are blank. */
    public static IsoWriterVolume of(String volumeId) {
        return new IsoWriterVolume(volumeId, "", "", "", "", "");
    }
}
