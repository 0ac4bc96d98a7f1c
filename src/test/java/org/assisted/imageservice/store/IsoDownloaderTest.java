package org.assisted.imageservice.store;

import static org.assisted.imageservice.store.FakeMirror.chunked;
import static org.assisted.imageservice.store.FakeMirror.ok;
import static org.assisted.imageservice.store.FakeMirror.stall;
import static org.assisted.imageservice.store.FakeMirror.status;
import static org.assisted.imageservice.store.FakeMirror.truncated;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.assisted.imageservice.config.ServiceConfig.DownloadConfig;
import org.assisted.imageservice.config.ServiceConfig.DownloadTls;

class IsoDownloaderTest {
    @TempDir
    Path dir;
    private Path data;
    private Path target;
    private byte[] iso;
    private FakeMirror mirror;

    @BeforeEach
    void setUp() throws IOException {
        data = Files.createDirectory(dir.resolve("data"));
        target = data.resolve("rhcos-full-iso-1-x86_64.iso");
        iso = Files.readAllBytes(TestConfigs.rhcosIso(dir, "source.iso"));
        mirror = new FakeMirror();
    }

    @AfterEach
    void tearDown() {
        mirror.close();
    }

    @Test
    void storesTheBodyWithContentLengthAndReportsProgress() throws Exception {
        mirror.on("/x.iso", ok(iso));
        List<long[]> progress = new CopyOnWriteArrayList<>();
        try (IsoDownloader downloader = downloader(TestConfigs.download())) {
            assertEquals(iso.length, downloader.download(mirror.url("/x.iso"), target,
                    (bytes, total, rate) -> progress.add(new long[] {bytes, total}), temp -> { }));
        }
        assertArrayEquals(iso, Files.readAllBytes(target));
        assertEquals(List.of(target), listData());
        assertEquals(iso.length, progress.get(progress.size() - 1)[0]);
        assertTrue(progress.stream().allMatch(p -> p[1] == iso.length));
    }

    @Test
    void acceptsAChunkedBodyThatHoldsTheWholeIsoVolume() throws Exception {
        mirror.on("/x.iso", chunked(iso, iso.length));
        try (IsoDownloader downloader = downloader(TestConfigs.download())) {
            downloader.download(mirror.url("/x.iso"), target, (b, t, r) -> assertEquals(-1, t), temp -> { });
        }
        assertArrayEquals(iso, Files.readAllBytes(target));
    }

    @Test
    void rejectsAChunkedBodyShorterThanTheIsoVolume() throws Exception {
        mirror.on("/x.iso", chunked(iso, iso.length - 2048));
        IOException e = assertDownloadFails(TestConfigs.download());
        assertTrue(e.getMessage().contains("wrote " + (iso.length - 2048) + " bytes without Content-Length, but the ISO volume is "
                + iso.length + " bytes"), e.getMessage());
    }

    @Test
    void sendsConfiguredHeadersAndQueryParams() throws Exception {
        mirror.on("/x.iso", ok(iso));
        DownloadConfig config = TestConfigs.download(Map.of("foo", "bar", "bar", "foo"), Map.of("foo", "bar", "bar", "foo"),
                new DownloadTls(false, null), TestConfigs.limits(TestConfigs.STALL));
        try (IsoDownloader downloader = downloader(config)) {
            downloader.download(mirror.url("/x.iso?x=1"), target, (b, t, r) -> { }, temp -> { });
        }
        FakeMirror.Request request = mirror.requests("/x.iso").get(0);
        assertEquals("bar=foo&foo=bar&x=1", request.rawQuery());
        assertEquals(List.of("bar"), request.headers().get("foo"));
        assertEquals(List.of("foo"), request.headers().get("bar"));
    }

    @Test
    void reportsNon2xxStatusWithoutTheQuery() throws Exception {
        mirror.on("/x.iso", status(500));
        try (IsoDownloader downloader = downloader(TestConfigs.download())) {
            IOException e = assertThrows(IOException.class,
                    () -> downloader.download(mirror.url("/x.iso?token=secret"), target, (b, t, r) -> { }, temp -> { }));
            assertEquals("failed to download " + mirror.url("/x.iso") + ": request to " + mirror.url("/x.iso")
                    + " returned error code 500", e.getMessage());
        }
        assertEquals(List.of(), listData());
    }

    @Test
    void truncatedBodyIsAnUnexpectedEofAndLeavesNoFile() throws Exception {
        mirror.on("/x.iso", truncated(iso, iso.length / 2));
        IOException e = assertDownloadFails(TestConfigs.download());
        assertTrue(e.getMessage().contains("unexpected EOF after " + iso.length / 2 + " bytes"), e.getMessage());
    }

    @Test
    void stalledTransferFailsAfterTheStallTimeout() throws Exception {
        mirror.on("/x.iso", stall(iso, 4096));
        long start = System.nanoTime();
        IOException e = assertDownloadFails(TestConfigs.download(Map.of(), Map.of(), new DownloadTls(false, null),
                TestConfigs.limits(Duration.ofMillis(300))));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void closeAbortsARunningDownloadPromptly() throws Exception {
        mirror.on("/x.iso", stall(iso, 4096));
        IsoDownloader downloader = downloader(TestConfigs.download(Map.of(), Map.of(), new DownloadTls(false, null),
                TestConfigs.limits(Duration.ofSeconds(60))));
        CompletableFuture<Long> started = new CompletableFuture<>();
        CompletableFuture<Long> result = CompletableFuture.supplyAsync(() -> {
            try {
                return downloader.download(mirror.url("/x.iso"), target, (b, t, r) -> {
                    if (b > 0) {
                        started.complete(b);
                    }
                }, temp -> { });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        started.get(10, TimeUnit.SECONDS);
        Path tempDir = TestConfigs.tempDir(data);
        assertEquals(1, listDir(tempDir).size(), "the transfer is written in DATA_TEMP_DIR");
        downloader.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(3, TimeUnit.SECONDS));
        assertTrue(e.getCause().getCause() instanceof InterruptedIOException, e.getCause().toString());
        assertEquals(List.of(), listData());
        assertEquals(List.of(), listDir(tempDir));
    }

    @Test
    void copiesFileUrls() throws Exception {
        Path source = Files.write(dir.resolve("local source.iso"), iso);
        try (IsoDownloader downloader = downloader(TestConfigs.download())) {
            downloader.download(source.toUri(), target, (b, t, r) -> assertEquals(iso.length, t), temp -> { });
        }
        assertArrayEquals(iso, Files.readAllBytes(target));
        assertEquals(List.of(target), listData());
    }

    @Test
    void replacesAnExistingTarget() throws Exception {
        Files.write(target, new byte[] {1, 2, 3});
        mirror.on("/x.iso", ok(iso));
        try (IsoDownloader downloader = downloader(TestConfigs.download())) {
            downloader.download(mirror.url("/x.iso"), target, (b, t, r) -> { }, temp -> { });
        }
        assertArrayEquals(iso, Files.readAllBytes(target));
    }

    @Test
    void aRejectedDownloadIsDeletedWithoutEverTakingTheTargetName() throws Exception {
        mirror.on("/x.iso", ok(iso));
        Path tempDir = TestConfigs.tempDir(data);
        List<Path> checked = new CopyOnWriteArrayList<>();
        try (IsoDownloader downloader = downloader(TestConfigs.download()); CreatedNames created = CreatedNames.watch(data)) {
            InvalidImageException e = assertThrows(InvalidImageException.class,
                    () -> downloader.download(mirror.url("/x.iso"), target, (b, t, r) -> { }, file -> {
                        assertArrayEquals(iso, Files.readAllBytes(file), "the check sees the complete download");
                        checked.add(file);
                        throw new InvalidImageException("rejected");
                    }));
            assertEquals("rejected", e.getMessage());
            assertEquals(tempDir, checked.get(0).getParent(), "downloads are written in DATA_TEMP_DIR");
            assertEquals(List.of(), listData());
            assertEquals(List.of(), created.drain());

            downloader.download(mirror.url("/x.iso"), target, (b, t, r) -> { }, checked::add);
            assertEquals(List.of(target.getFileName()), created.drain(), "renamed into place: one filesystem");
            assertEquals(tempDir, checked.get(1).getParent());
        }
        assertArrayEquals(iso, Files.readAllBytes(target));
        assertEquals(List.of(), listDir(tempDir));
    }

    @Test
    void aDownloadInATempDirOnAnotherFilesystemIsCopiedThenRenamedIntoPlace() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && !Files.getFileStore(shm).equals(Files.getFileStore(data)),
                "needs /dev/shm on another filesystem than " + data);
        Path tempDir = Files.createTempDirectory(shm, "data_temp");
        mirror.on("/x.iso", ok(iso));
        List<Path> checked = new CopyOnWriteArrayList<>();
        try (IsoDownloader downloader = IsoDownloader.create(TestConfigs.download(), tempDir, 1);
             CreatedNames created = CreatedNames.watch(data)) {
            downloader.download(mirror.url("/x.iso"), target, (b, t, r) -> { }, checked::add);
            assertEquals(tempDir, checked.get(0).getParent());
            assertEquals(List.of(IsoDownloader.tempFile(target).getFileName(), target.getFileName()), created.drain(),
                    "copied to a hidden file next to the target, then renamed");
        } finally {
            assertEquals(List.of(), listDir(tempDir));
            Files.delete(tempDir);
        }
        assertArrayEquals(iso, Files.readAllBytes(target));
        assertEquals(List.of(target), listData());
    }

    private IOException assertDownloadFails(DownloadConfig config) throws Exception {
        try (IsoDownloader downloader = downloader(config)) {
            IOException e = assertThrows(IOException.class,
                    () -> downloader.download(mirror.url("/x.iso"), target, (b, t, r) -> { }, temp -> { }));
            assertEquals(List.of(), listData());
            assertEquals(IOException.class, e.getClass(), "a failure, not a cancellation");
            return e;
        }
    }

    private List<Path> listData() throws IOException {
        return listDir(data);
    }

    private static List<Path> listDir(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.toList();
        }
    }

    private IsoDownloader downloader(DownloadConfig config) throws Exception {
        return IsoDownloader.create(config, TestConfigs.tempDir(data), 4);
    }
}
