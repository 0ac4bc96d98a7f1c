package org.assisted.imageservice.store;

import static org.assisted.imageservice.store.TestConfigs.disconnected;
import static org.assisted.imageservice.store.TestConfigs.full;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.config.OsImageEntry;

class ImageCatalogTest {
    private static final Path DATA = Path.of("data");
    private static final String URL = "https://mirror.example/rhcos.iso";
    private static final OsImageEntry X86_48 = full("4.8", "x86_64", URL, "48.84.202109241901-0");
    private static final OsImageEntry ARM_49 = full("4.9", "arm64", URL, "49.84.202110081407-0");
    private static final OsImageEntry S390X_415 = full("4.15", "s390x", URL, "415.92.202403212258-0");
    private static final ImageCatalog UPSTREAM_EXAMPLE = ImageCatalog.of(DATA, List.of(X86_48, ARM_49, S390X_415));

    @ParameterizedTest(name = "find({0}, {1}) = {2}")
    @CsvSource({
        "4.8, x86_64, true", "48.84.202109241901-0, x86_64, true", "4.9, x86_64, false", "4.8, arm64, false",
        "4.8, aarch64, false", "4.9, aarch64, true", "4.9, arm64, true", "4.11, s390x, false", "4.15, s390x, true",
        "4.8, amd64, true", "4.9, amd64, false", "'4.8 ', x86_64, false", "4.8, X86_64, false", "4.8, AMD64, false"})
    void findsByRhcosOrOpenshiftVersionWithTheSameArchOrItsAlias(String key, String arch, boolean found) {
        assertEquals(found, UPSTREAM_EXAMPLE.find(key, arch).isPresent());
    }

    @ParameterizedTest(name = "configured {0}, requested {1}")
    @CsvSource({"aarch64, arm64, x86_64", "aarch64, aarch64, amd64", "amd64, x86_64, arm64", "amd64, amd64, aarch64"})
    void aliasesNameTheSameConfiguredImage(String configured, String requested, String otherArch) {
        OsImageEntry entry = full("4.16", configured, URL, "416.94.202406251923-0");
        ImageCatalog catalog = ImageCatalog.of(DATA, List.of(X86_48, ARM_49, entry));
        assertEquals(Optional.of(entry), catalog.find("4.16", requested));
        assertEquals(Optional.of(entry), catalog.find("416.94.202406251923-0", requested));
        assertEquals(Optional.empty(), catalog.find("4.16", otherArch));
    }

    @Test
    void rhcosVersionMatchWinsOverAnEarlierOpenshiftVersionMatch() {
        OsImageEntry odd = full("4.9", "x86_64", URL, "4.8");
        ImageCatalog catalog = ImageCatalog.of(DATA, List.of(odd, X86_48));
        assertEquals(Optional.of(odd), catalog.find("4.8", "x86_64"));
    }

    @Test
    void firstMatchingEntryWinsEvenIfTheTypeDiffers() {
        OsImageEntry disc = disconnected("4.8", "x86_64", URL, "48.84.202109241901-0");
        ImageCatalog catalog = ImageCatalog.of(DATA, List.of(disc, X86_48));
        assertEquals(Optional.of(disc), catalog.find("4.8", "x86_64"));
    }

    @Test
    void openshiftAndRhcosVersionResolveToTheSameFile() {
        Path byOpenshift = UPSTREAM_EXAMPLE.isoPath(ImageType.FULL_ISO, UPSTREAM_EXAMPLE.find("4.8", "x86_64").orElseThrow());
        Path byRhcos = UPSTREAM_EXAMPLE.isoPath(ImageType.FULL_ISO,
                UPSTREAM_EXAMPLE.find("48.84.202109241901-0", "x86_64").orElseThrow());
        assertEquals(DATA.resolve("rhcos-full-iso-48.84.202109241901-0-x86_64.iso"), byOpenshift);
        assertEquals(byOpenshift, byRhcos);
        assertEquals(DATA.resolve("rhcos-disconnected-iso-48.84.202109241901-0-x86_64.iso"),
                UPSTREAM_EXAMPLE.isoPath(ImageType.DISCONNECTED_ISO, X86_48));
        assertEquals(DATA.resolve("nmstatectl-48.84.202109241901-0-x86_64"), UPSTREAM_EXAMPLE.nmstatectlPath(X86_48));
    }

    @Test
    void dedupKeepsHighestOpenshiftVersionPerRhcosVersionArchAndType() {
        OsImageEntry v410 = full("4.10", "x86_64", URL + "?a", "410.84.202201251210-0");
        OsImageEntry v4101 = full("4.10.1", "x86_64", URL + "?b", "410.84.202201251210-0");
        OsImageEntry v4100 = full("4.10.0", "x86_64", URL + "?c", "410.84.202201251210-0");
        OsImageEntry arm = full("4.10", "arm64", URL + "?d", "410.84.202201251210-0");
        OsImageEntry disc = disconnected("4.10", "x86_64", URL + "?e", "410.84.202201251210-0");
        ImageCatalog catalog = ImageCatalog.of(DATA, List.of(v410, v4101, arm, v4100, disc));
        assertEquals(List.of(v4101, arm, disc), catalog.downloads());
    }

    @Test
    void dedupTieKeepsTheLaterEntryAndUnparsableKeepsTheEarlier() {
        OsImageEntry first = full("4.10", "x86_64", URL + "?1", "410");
        OsImageEntry tie = full("4.10.0", "x86_64", URL + "?2", "410");
        assertEquals(List.of(tie), ImageCatalog.of(DATA, List.of(first, tie)).downloads());

        OsImageEntry discFirst = disconnected("4.11", "x86_64", URL + "?3", "411");
        OsImageEntry discUnparsable = disconnected("latest", "x86_64", URL + "?4", "411");
        assertEquals(List.of(discFirst), ImageCatalog.of(DATA, List.of(discFirst, discUnparsable)).downloads());
        assertEquals(List.of(discUnparsable), ImageCatalog.of(DATA, List.of(discUnparsable, discFirst)).downloads());
    }

    @Test
    void rejectsAnEmptyList() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageCatalog.of(DATA, List.of()));
        assertEquals("invalid versions: must not be empty", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../etc", "a/b", "a\\b", "4..8", "nul\0byte", "..", "/abs"})
    void rejectsVersionsAndArchesThatCouldEscapeDataDir(String unsafe) {
        IllegalArgumentException version = assertThrows(IllegalArgumentException.class,
                () -> ImageCatalog.of(DATA, List.of(full("4.8", "x86_64", URL, unsafe))));
        assertTrue(version.getMessage().contains("version '" + unsafe + "' must be non-empty"), version.getMessage());
        IllegalArgumentException arch = assertThrows(IllegalArgumentException.class,
                () -> ImageCatalog.of(DATA, List.of(full("4.8", unsafe, URL, "48"))));
        assertTrue(arch.getMessage().contains("cpu_architecture '" + unsafe + "'"), arch.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ftp://mirror.example/x.iso", "http:opaque", "file:relative.iso", "https://exa mple/x.iso",
        "file://host/x.iso"})
    void rejectsUnusableUrlsWithoutPrintingThem(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageCatalog.of(DATA, List.of(full("4.8", "x86_64", url, "48"))));
        assertTrue(e.getMessage().contains("url is not usable"), e.getMessage());
    }

    @Test
    void doesNotPrintUrlsInErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageCatalog.of(DATA, List.of(full("4.8", "x86_64", "https://m.example/x.iso?token=secret", ""))));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void fullIsoOpenshiftVersionMustParseButDisconnectedNeedNot() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageCatalog.of(DATA, List.of(full("latest", "x86_64", URL, "48"))));
        assertTrue(e.getMessage().contains("malformed version: latest"), e.getMessage());
        ImageCatalog.of(DATA, List.of(disconnected("latest", "x86_64", URL, "48")));
    }

    @ParameterizedTest(name = "{0} wanted = {1}")
    @CsvSource({
        "rhcos-full-iso-48.84.202109241901-0-x86_64.iso, true",
        "rhcos-full-iso-48.84.202109241901-0-x86_64.iso.lock, true",
        "nmstatectl-48.84.202109241901-0-x86_64, true",
        "nmstatectl-48.84.202109241901-0-x86_64.lock, true",
        "nmstatectl-415.92.202403212258-0-s390x, true",
        "rhcos-full-iso-415.92.202403212258-0-s390x.iso, true",
        "rhcos-disconnected-iso-48.84.202109241901-0-x86_64.iso, false",
        "rhcos-minimal-iso-48.84.202109241901-0-x86_64.iso, false",
        "rhcos-full-iso-47.84.202109241901-0-x86_64.iso, false",
        "rhcos-full-iso-48.84.202109241901-0-arm64.iso, false",
        "rhcos-full-iso-48.84.202109241901-0-x86_64_v2.iso, false",
        ".rhcos-full-iso-48.84.202109241901-0-x86_64.iso.part, false",
        "rootfs-123.img, false", "random, false", "rhcos-other-48.84.202109241901-0-x86_64.iso, false"})
    void wantsOnlyFilesOfConfiguredImages(String name, boolean wanted) {
        assertEquals(wanted, UPSTREAM_EXAMPLE.wantedNames().stream().anyMatch(w -> DataDirLeases.covers(w, name)));
    }
}
