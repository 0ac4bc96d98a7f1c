package org.assisted.imageservice.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.config.OsImageEntry;

/**
 * The configured OS images: request-time lookup over the list as configured, the deduplicated download
 * list, and the file names in DATA_DIR. Versions and architectures become file names, so they are
 * validated here once, at deployment.
 */
public final class ImageCatalog {
    private static final List<String> DOWNLOAD_SCHEMES = List.of("http", "https", "file");

    private final Path dataDir;
    private final List<OsImageEntry> configured;
    private final Map<ImageKey, OsImageEntry> downloads;

    private ImageCatalog(Path dataDir, List<OsImageEntry> configured) {
        this.dataDir = dataDir;
        this.configured = List.copyOf(configured);
        this.downloads = deduplicate(this.configured);
    }

    /**
     * @throws IllegalArgumentException when the list is empty, a version or architecture is not a safe
     *                                  file-name part, or a full-iso entry's openshift_version does not parse
     */
    public static ImageCatalog of(Path dataDir, List<OsImageEntry> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("invalid versions: must not be empty");
        }
        for (OsImageEntry entry : images) {
            requireFileNamePart(entry, "version", entry.version());
            requireFileNamePart(entry, "cpu_architecture", entry.cpuArchitecture());
            requireDownloadUrl(entry);
            if (entry.type() == ImageType.FULL_ISO) {
                requireGoVersion(entry);
            }
        }
        return new ImageCatalog(dataDir, images);
    }

    /**
     * Upstream's lookup: among entries of architecture {@code arch}, the first whose RHCOS version equals the key,
     * else the first whose OpenShift version equals it. The entry type is ignored. Architectures are compared
     * exactly (case included) except that {@code aarch64} and {@code arm64}, and {@code amd64} and {@code x86_64},
     * name the same one: assisted-service writes {@code arm64} and {@code x86_64} into the URLs it hands out while
     * an operator's {@code AgentServiceConfig} may configure {@code aarch64} or {@code amd64}.
     */
    public Optional<OsImageEntry> find(String versionKey, String arch) {
        String wanted = canonicalArch(arch);
        OsImageEntry byOpenshiftVersion = null;
        for (OsImageEntry entry : configured) {
            if (!canonicalArch(entry.cpuArchitecture()).equals(wanted)) {
                continue;
            }
            if (entry.version().equals(versionKey)) {
                return Optional.of(entry);
            }
            if (byOpenshiftVersion == null && entry.openshiftVersion().equals(versionKey)) {
                byOpenshiftVersion = entry;
            }
        }
        return Optional.ofNullable(byOpenshiftVersion);
    }

    private static String canonicalArch(String arch) {
        return switch (arch) {
            case "aarch64" -> "arm64";
            case "amd64" -> "x86_64";
            default -> arch;
        };
    }

    /** @return one entry per (version, arch, type), the one with the highest openshift_version; configured order */
    public List<OsImageEntry> downloads() {
        return List.copyOf(downloads.values());
    }

    /** @return {@code DATA_DIR/rhcos-<type>-<entry version>-<arch>.iso}; the file may not exist for this type */
    public Path isoPath(ImageType type, OsImageEntry entry) {
        return dataDir.resolve(new ImageKey(entry.version(), entry.cpuArchitecture(), type).fileName());
    }

    /** @return {@code DATA_DIR/nmstatectl-<entry version>-<arch>} */
    public Path nmstatectlPath(OsImageEntry entry) {
        return dataDir.resolve(nmstatectlName(entry));
    }

    /**
     * The DATA_DIR names the configured images need, for the instance's lease ({@link DataDirLeases}):
     * {@code rhcos-<type>-<version>-<arch>} and {@code nmstatectl-<version>-<arch>} of every configured entry
     * (not deduplicated: an entry dropped by deduplication still names the file its duplicate stores). Each
     * covers the file's lock and temporary files; caches derived from an image must be named that way.
     */
    public Set<String> wantedNames() {
        Set<String> names = new LinkedHashSet<>();
        for (OsImageEntry entry : configured) {
            names.add(ImageKey.stem(entry.type(), entry.version(), entry.cpuArchitecture()));
            names.add(nmstatectlName(entry));
        }
        return names;
    }

    Path dataDir() {
        return dataDir;
    }

    private static String nmstatectlName(OsImageEntry entry) {
        return "nmstatectl-" + entry.version() + "-" + entry.cpuArchitecture();
    }

    private static Map<ImageKey, OsImageEntry> deduplicate(List<OsImageEntry> entries) {
        Map<ImageKey, OsImageEntry> kept = new LinkedHashMap<>();
        for (OsImageEntry entry : entries) {
            kept.merge(ImageKey.of(entry), entry, (old, candidate) -> atLeast(candidate, old) ? candidate : old);
        }
        return kept;
    }

    /** Upstream keeps the later entry on a tie and the earlier one when either version does not parse. */
    private static boolean atLeast(OsImageEntry candidate, OsImageEntry kept) {
        try {
            return GoVersion.parse(candidate.openshiftVersion()).compareTo(GoVersion.parse(kept.openshiftVersion())) >= 0;
        } catch (IllegalArgumentException unparsable) {
            return false;
        }
    }

    private static void requireFileNamePart(OsImageEntry entry, String key, String value) {
        if (value.isEmpty() || value.contains("/") || value.contains("\\") || value.contains("..")
                || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid version entry " + describe(entry) + ": " + key + " '" + value
                    + "' must be non-empty and must not contain '/', '\\', '..' or NUL (it is used in file names)");
        }
    }

    private static void requireDownloadUrl(OsImageEntry entry) {
        String problem;
        try {
            URI url = new URI(entry.url());
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!DOWNLOAD_SCHEMES.contains(scheme)) {
                problem = "the scheme must be one of " + DOWNLOAD_SCHEMES;
            } else if (!scheme.equals("file") && url.getHost() == null) {
                problem = "it has no host";
            } else if (scheme.equals("file") && (url.isOpaque() || url.getAuthority() != null)) {
                problem = "a file URL must look like file:///absolute/path";
            } else {
                problem = null;
            }
        } catch (URISyntaxException e) {
            problem = e.getReason() + " at index " + e.getIndex();
        }
        if (problem != null) {
            throw new IllegalArgumentException("invalid version entry " + describe(entry) + ": url is not usable: " + problem);
        }
    }

    private static void requireGoVersion(OsImageEntry entry) {
        try {
            GoVersion.parse(entry.openshiftVersion());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid version entry " + describe(entry) + ": openshift_version of a "
                    + ImageType.FULL_ISO + " entry must be a version: " + e.getMessage(), e);
        }
    }

    /** The entry without its URL, whose query may carry credentials. */
    static String describe(OsImageEntry entry) {
        return "{openshift_version=" + entry.openshiftVersion() + ", cpu_architecture=" + entry.cpuArchitecture()
                + ", version=" + entry.version() + ", type=" + entry.type() + "}";
    }
}
