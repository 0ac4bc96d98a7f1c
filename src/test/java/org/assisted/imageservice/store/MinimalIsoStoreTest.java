package org.assisted.imageservice.store;

import static org.assisted.imageservice.store.Polling.await;
import static org.assisted.imageservice.store.TestConfigs.disconnected;
import static org.assisted.imageservice.store.TestConfigs.full;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.config.OsImageEntry;
import org.assisted.imageservice.iso.IsoFile;
import org.assisted.imageservice.store.HealthReport.ImageHealth;
import org.assisted.imageservice.testsupport.TestIsos;

/** The image store's minimal-ISO templates: built after the full ISO, cached in DATA_DIR, reused and rebuilt. */
class MinimalIsoStoreTest {
    private static final String V = "418.94.202501221327-0";
    private static final String BASE_URL = "http://images.example.com/api/assisted-images";
    /** Named by the digest of its cache key. */
    private static final String TEMPLATE_PATTERN = "rhcos-minimal-iso-" + V.replace(".", "\\.") + "-x86_64\\.[0-9a-f]{32}\\.iso";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Above the test configuration's minimum sizes ({@link TestConfigs#limits}). */
    private static final int ROOTFS_BYTES = 70_000;
    private static final int KERNEL_BYTES = 20_000;

    @TempDir
    static Path isos;
    private static Path x86;
    private static Path s390x;
    private static Path noGrub;

    @TempDir
    Path dir;
    private Path data;
    private final List<String> steps = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void buildIsos() throws IOException {
        TestIsos base = TestIsos.x86_64("rhcos-" + V).rootfsSize(ROOTFS_BYTES).kernelSize(KERNEL_BYTES);
        x86 = base.build(Files.createDirectory(isos.resolve("x86")));
        s390x = base.layout(TestIsos.Layout.S390X).build(Files.createDirectory(isos.resolve("s390x")));
        noGrub = base.without("EFI/redhat/grub.cfg").build(Files.createDirectory(isos.resolve("nogrub")));
    }

    @BeforeEach
    void setUp() throws IOException {
        data = Files.createDirectory(dir.resolve("data"));
    }

    @Test
    void buildsTemplatesForFullIsosExceptS390xAndServesThem() throws Exception {
        List<OsImageEntry> images = List.of(full("4.18", "x86_64", x86.toUri().toString(), V),
                full("4.18", "s390x", s390x.toUri().toString(), V),
                disconnected("4.18", "x86_64", x86.toUri().toString(), V));
        try (ImageStore store = start(images, BASE_URL)) {
            await(WAIT, () -> store.readiness().isReady());
            assertEquals(List.of(V + "/x86_64/full-iso", V + "/s390x/full-iso", V + "/x86_64/disconnected-iso",
                    V + "/x86_64/minimal-iso"), store.health().images().stream().map(ImageHealth::name).toList());
            ReadyImage minimal = store.ready("4.18", "x86_64", ImageType.MINIMAL_ISO).orElseThrow();
            assertEquals(List.of(minimal.path()), templates());
            assertTrue(minimal.layout().file("/images/pxeboot/rootfs.img").isEmpty());
            IsoFile ramdisk = minimal.layout().file("/images/assisted_installer_custom.img").orElseThrow();
            assertEquals(1 << 20, ramdisk.size());
            assertTrue(minimal.layout().ignitionArea().isPresent());
            assertTrue(isolinuxCfg(minimal).contains("coreos.live.rootfs_url=\"" + BASE_URL
                    + "/boot-artifacts/rootfs?arch=x86_64&version=" + V + "\""));
            Lookup s390xMinimal = store.lookup("4.18", "s390x", ImageType.MINIMAL_ISO);
            assertInstanceOf(Lookup.NotConfigured.class, s390xMinimal);
            assertEquals("no minimal-iso image is available for version " + V + " and architecture s390x",
                    ((Lookup.NotConfigured) s390xMinimal).reason());
            assertFalse(Files.exists(data.resolve("rhcos-minimal-iso-" + V + "-s390x.iso")));
            assertEquals(1, store.templateBuilds());
            assertEquals(List.of("image-caches", "image-caches", "image-caches", "minimal-iso-template"),
                    steps.stream().sorted().toList(), "each download's post-processing and the template are timed");
        }
    }

    @Test
    void restartReusesTheCachedTemplateWithoutRebuilding() throws Exception {
        List<OsImageEntry> images = List.of(full("4.18", "x86_64", x86.toUri().toString(), V));
        BasicFileAttributes first;
        byte[] bytes;
        Path template;
        try (ImageStore store = start(images, BASE_URL)) {
            await(WAIT, () -> store.readiness().isReady());
            template = store.ready(V, "x86_64", ImageType.MINIMAL_ISO).orElseThrow().path();
            first = attributes(template);
            bytes = Files.readAllBytes(template);
        }
        try (ImageStore store = start(images, BASE_URL)) {
            await(WAIT, () -> store.readiness().isReady());
            assertEquals(0, store.templateBuilds());
            assertEquals(template, store.ready(V, "x86_64", ImageType.MINIMAL_ISO).orElseThrow().path());
            BasicFileAttributes second = attributes(template);
            assertEquals(first.fileKey(), second.fileKey(), "same file (inode)");
            assertEquals(first.lastModifiedTime(), second.lastModifiedTime());
        }
        Files.delete(template);
        try (ImageStore store = start(images, BASE_URL)) {
            await(WAIT, () -> store.readiness().isReady());
            assertEquals(1, store.templateBuilds(), "a missing template is rebuilt");
            assertEquals(List.of(template), templates(), "under the same name: the inputs are the same");
            assertArrayEquals(bytes, Files.readAllBytes(template), "rebuilt byte for byte");
        }
    }

    @Test
    void changedBaseUrlNmstateArchiveOrBaseIsoRebuildsTheTemplate() throws Exception {
        List<OsImageEntry> images = List.of(full("4.18", "x86_64", x86.toUri().toString(), V));
        try (ImageStore store = start(images, BASE_URL)) {
            await(WAIT, () -> store.readiness().isReady());
        }
        String otherUrl = "https://other.example.com";
        try (ImageStore store = start(images, otherUrl)) {
            await(WAIT, () -> store.readiness().isReady());
            assertEquals(1, store.templateBuilds());
            assertTrue(isolinuxCfg(store.ready(V, "x86_64", ImageType.MINIMAL_ISO).orElseThrow())
                    .contains("coreos.live.rootfs_url=\"" + otherUrl + "/boot-artifacts/rootfs?"));
        }
        Files.writeString(data.resolve("nmstatectl-" + V + "-x86_64"), "nmstate archive stand-in");
        try (ImageStore store = start(images, otherUrl)) {
            await(WAIT, () -> store.readiness().isReady());
            assertEquals(1, store.templateBuilds());
            ReadyImage minimal = store.ready(V, "x86_64", ImageType.MINIMAL_ISO).orElseThrow();
            assertEquals(24, minimal.layout().file("/images/nmstate.img").orElseThrow().size());
            assertTrue(isolinuxCfg(minimal).contains(",/images/assisted_installer_custom.img,/images/nmstate.img "));
        }
        Path fullIso = data.resolve("rhcos-full-iso-" + V + "-x86_64.iso");
        Path copy = Files.copy(fullIso, dir.resolve("copy.iso"));
        Files.move(copy, fullIso, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (ImageStore store = start(images, otherUrl)) {
            await(WAIT, () -> store.readiness().isReady());
            assertEquals(1, store.templateBuilds(), "a replaced base ISO is a new base");
        }
    }

    @Test
    void concurrentStartsOnOneDataDirBuildOnce() throws Exception {
        Files.copy(x86, data.resolve("rhcos-full-iso-" + V + "-x86_64.iso"));
        List<OsImageEntry> images = List.of(full("4.18", "x86_64", dir.resolve("absent.iso").toUri().toString(), V));
        CompletableFuture<ImageStore> other = CompletableFuture.supplyAsync(() -> start(images, BASE_URL));
        try (ImageStore store = start(images, BASE_URL); ImageStore second = other.join()) {
            await(WAIT, () -> store.readiness().isReady() && second.readiness().isReady());
            assertEquals(1, store.templateBuilds() + second.templateBuilds());
            ReadyImage template = store.ready(V, "x86_64", ImageType.MINIMAL_ISO).orElseThrow();
            assertEquals(template.path(), second.ready(V, "x86_64", ImageType.MINIMAL_ISO).orElseThrow().path());
            assertEquals(template.layout().size(), Files.size(template.path()));
        }
    }

    @Test
    void withoutBaseUrlMinimalIsosAreNotConfiguredAndFullIsosAreServed() throws Exception {
        List<OsImageEntry> images = List.of(full("4.18", "x86_64", x86.toUri().toString(), V));
        try (ImageStore store = start(images, "")) {
            await(WAIT, () -> store.readiness().isReady());
            assertTrue(store.ready("4.18", "x86_64", ImageType.FULL_ISO).isPresent());
            Lookup minimal = store.lookup("4.18", "x86_64", ImageType.MINIMAL_ISO);
            assertTrue(((Lookup.NotConfigured) minimal).reason().contains("IMAGE_SERVICE_BASE_URL is not set"));
            assertEquals(List.of(), templates());
        }
    }

    @Test
    void aTemplateFailureKeepsTheFullIsoServedAndIsRetried() throws Exception {
        List<OsImageEntry> images = List.of(full("4.18", "x86_64", noGrub.toUri().toString(), V));
        try (ImageStore store = start(images, BASE_URL)) {
            await(WAIT, () -> store.health().images().get(1).reason() != null);
            ImageHealth template = store.health().images().get(1);
            assertEquals("failed", template.state());
            assertTrue(template.reason().contains("no grub.cfg found"), template.reason());
            assertTrue(store.ready("4.18", "x86_64", ImageType.FULL_ISO).isPresent());
            assertInstanceOf(Lookup.NotReady.class, store.lookup("4.18", "x86_64", ImageType.MINIMAL_ISO));
            assertFalse(store.readiness().isReady());
            assertTrue(steps.contains("minimal-iso-template failed"), steps.toString());
            assertEquals(List.of(), templates());
            try (Stream<Path> files = Files.list(data)) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
            }
            try (Stream<Path> files = Files.list(TestConfigs.tempDir(data))) {
                assertEquals(List.of(), files.toList(), "the failed build's temporary file in DATA_TEMP_DIR is gone");
            }
        }
    }

    private List<Path> templates() throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            return files.filter(p -> p.getFileName().toString().matches(TEMPLATE_PATTERN)).toList();
        }
    }

    private ImageStore start(List<OsImageEntry> images, String baseUrl) {
        try {
            ImageStore store = new ImageStore(TestConfigs.storeWithBaseUrl(data, images, TestConfigs.download(), baseUrl),
                    List.of((source, image) -> { }), (step, duration, succeeded) -> steps.add(step + (succeeded ? "" : " failed")));
            store.start();
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String isolinuxCfg(ReadyImage image) throws IOException {
        IsoFile cfg = image.layout().file("/isolinux/isolinux.cfg").orElseThrow();
        try (FileChannel channel = FileChannel.open(image.path())) {
            ByteBuffer buffer = ByteBuffer.allocate((int) cfg.size());
            channel.read(buffer, cfg.offset());
            return new String(buffer.array(), StandardCharsets.ISO_8859_1);
        }
    }

    private static BasicFileAttributes attributes(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class);
    }
}
