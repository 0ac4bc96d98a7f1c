package org.assisted.imageservice.store;

import static org.assisted.imageservice.store.FakeMirror.ok;
import static org.assisted.imageservice.store.FakeMirror.redirect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.assisted.imageservice.config.ServiceConfig.DownloadConfig;
import org.assisted.imageservice.config.ServiceConfig.DownloadTls;
import org.assisted.imageservice.testsupport.SelfSignedCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OS_IMAGES_REQUEST_HEADERS may carry credentials: a redirect that changes scheme, host or port is followed without
 * them, and one from https to plain http is refused.
 */
class DownloadRedirectsTest {

    private static final String SECRET = "Bearer mirrorSecret3a7f";
    private static final Map<String, String> HEADERS = Map.of("Authorization", SECRET, "X-Mirror-Key", "k3y");

    @TempDir
    Path dir;
    private Path target;
    private byte[] iso;

    @BeforeEach
    void setUp() throws IOException {
        target = Files.createDirectory(dir.resolve("data")).resolve("rhcos-full-iso-1-x86_64.iso");
        iso = Files.readAllBytes(TestConfigs.rhcosIso(dir, "source.iso"));
    }

    @Test
    void aRedirectToTheSameOriginKeepsTheHeaders() throws Exception {
        try (FakeMirror mirror = new FakeMirror()) {
            mirror.on("/old.iso", redirect(mirror.url("/new.iso"))).on("/new.iso", ok(iso));
            download(mirror.url("/old.iso"), new DownloadTls(false, null));
            assertEquals(List.of(SECRET), mirror.requests("/new.iso").get(0).headers().get("Authorization"));
            assertEquals(List.of("k3y"), mirror.requests("/new.iso").get(0).headers().get("X-Mirror-Key"));
        }
    }

    @Test
    void aRedirectToAnotherPortOrHostDropsTheHeaders() throws Exception {
        try (FakeMirror first = new FakeMirror(); FakeMirror second = new FakeMirror()) {
            second.on("/x.iso", ok(iso));
            first.on("/port.iso", redirect(second.url("/x.iso")));
            first.on("/host.iso", redirect(URI.create("http://localhost:" + second.url("/").getPort() + "/x.iso")));
            for (String path : List.of("/port.iso", "/host.iso")) {
                download(first.url(path), new DownloadTls(false, null));
                assertEquals(List.of(SECRET), first.requests(path).get(0).headers().get("Authorization"));
            }
            for (FakeMirror.Request request : second.requests("/x.iso")) {
                assertNull(request.headers().get("Authorization"), request.headers().toString());
                assertNull(request.headers().get("X-Mirror-Key"), request.headers().toString());
            }
            assertEquals(2, second.requests("/x.iso").size());
        }
    }

    @Test
    void aRedirectFromHttpsToHttpIsRefused() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir, "mirror");
        DownloadTls trusting = new DownloadTls(false, certificate.certificatePem());
        try (FakeMirror secure = FakeMirror.https(certificate.serverContext()); FakeMirror plain = new FakeMirror()) {
            plain.on("/x.iso", ok(iso));
            secure.on("/down.iso", redirect(plain.url("/x.iso?token=t0ken")));
            try (IsoDownloader downloader = IsoDownloader.create(config(trusting), dir, 1)) {
                IOException e = assertThrows(IOException.class, () -> downloader.download(secure.url("/down.iso"),
                        target, (b, t, r) -> { }, temp -> { }));
                assertTrue(e.getMessage().contains("refused a redirect from https to http"), e.getMessage());
                assertFalse(e.getMessage().contains("t0ken"), e.getMessage());
            }
            assertEquals(List.of(), plain.requests("/x.iso"));
            assertFalse(Files.exists(target));
        }
    }

    private void download(URI url, DownloadTls tls) throws Exception {
        try (IsoDownloader downloader = IsoDownloader.create(config(tls), dir, 1)) {
            downloader.download(url, target, (b, t, r) -> { }, temp -> { });
        }
        assertArrayEquals(iso, Files.readAllBytes(target));
    }

    private static DownloadConfig config(DownloadTls tls) {
        return TestConfigs.download(HEADERS, Map.of(), tls, TestConfigs.limits(TestConfigs.STALL));
    }
}
