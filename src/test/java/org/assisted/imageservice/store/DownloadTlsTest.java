package org.assisted.imageservice.store;

import static org.assisted.imageservice.store.FakeMirror.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.assisted.imageservice.config.ServiceConfig.DownloadTls;
import org.assisted.imageservice.testsupport.SelfSignedCertificate;

/** OS_IMAGE_DOWNLOAD_TRUSTED_CA_FILE and INSECURE_SKIP_VERIFY against self-signed certificates made by keytool. */
class DownloadTlsTest {

    @TempDir
    static Path dir;
    private static byte[] iso;
    private static TlsServerFiles forLoopback;
    private static TlsServerFiles forOtherName;

    private record TlsServerFiles(SSLContext context, Path caPem) {
    }

    @BeforeAll
    static void createCertificates() throws Exception {
        iso = Files.readAllBytes(TestConfigs.rhcosIso(dir, "rhcos.iso"));
        forLoopback = serverFiles(SelfSignedCertificate.generate(dir, "loopback"));
        forOtherName = serverFiles(SelfSignedCertificate.forHostName(dir, "other", "mirror.example"));
    }

    @Test
    void trustsTheCaFileInAdditionToTheSystemStore() throws Exception {
        assertDownloads(forLoopback, new DownloadTls(false, forLoopback.caPem()));
    }

    @Test
    void rejectsAnUnknownIssuerByDefault() throws Exception {
        assertFails(forLoopback, new DownloadTls(false, null));
    }

    @Test
    void stillChecksTheHostNameWithACaFile() throws Exception {
        assertFails(forOtherName, new DownloadTls(false, forOtherName.caPem()));
    }

    @Test
    void insecureSkipVerifyIgnoresIssuerAndHostName() throws Exception {
        assertDownloads(forOtherName, new DownloadTls(true, null));
        assertDownloads(forOtherName, new DownloadTls(true, forLoopback.caPem()));
    }

    private static void assertDownloads(TlsServerFiles server, DownloadTls tls) throws Exception {
        Path target = Files.createTempDirectory(dir, "data").resolve("rhcos-full-iso-1-x86_64.iso");
        try (FakeMirror mirror = FakeMirror.https(server.context()).on("/x.iso", ok(iso));
             IsoDownloader downloader = IsoDownloader.create(config(tls), dir, 1)) {
            downloader.download(mirror.url("/x.iso"), target, (b, t, r) -> { }, temp -> { });
        }
        assertArrayEquals(iso, Files.readAllBytes(target));
    }

    private static void assertFails(TlsServerFiles server, DownloadTls tls) throws Exception {
        Path data = Files.createTempDirectory(dir, "data");
        try (FakeMirror mirror = FakeMirror.https(server.context()).on("/x.iso", ok(iso));
             IsoDownloader downloader = IsoDownloader.create(config(tls), dir, 1)) {
            IOException e = assertThrows(IOException.class,
                    () -> downloader.download(mirror.url("/x.iso"), data.resolve("x.iso"), (b, t, r) -> { }, temp -> { }));
            assertTrue(e.getMessage().startsWith("failed to download"), e.getMessage());
        }
        try (var files = Files.list(data)) {
            assertTrue(files.findAny().isEmpty());
        }
    }

    private static org.assisted.imageservice.config.ServiceConfig.DownloadConfig config(DownloadTls tls) {
        return TestConfigs.download(Map.of(), Map.of(), tls, TestConfigs.limits(TestConfigs.STALL));
    }

    private static TlsServerFiles serverFiles(SelfSignedCertificate certificate) throws Exception {
        return new TlsServerFiles(certificate.serverContext(), certificate.certificatePem());
    }
}
