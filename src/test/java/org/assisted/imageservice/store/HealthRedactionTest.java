package org.assisted.imageservice.store;

import static org.assisted.imageservice.store.Polling.await;
import static org.assisted.imageservice.store.TestConfigs.full;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.assisted.imageservice.config.ServiceConfig.DownloadTls;

/** /health failure reasons name what failed without URL query strings, user info or request header values. */
class HealthRedactionTest {
    private static final String V = "48.84.202109241901-0";
    private static final String SECRET = "s3cr3t-value";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Path data;
    private FakeMirror mirror;

    @BeforeEach
    void setUp() throws Exception {
        data = Files.createDirectory(dir.resolve("data"));
        mirror = new FakeMirror();
    }

    @AfterEach
    void tearDown() {
        mirror.close();
    }

    @Test
    void aRedirectLoopThroughACredentialUrlIsReportedWithoutTheCredentials() throws Exception {
        String loop = "http://user:" + SECRET + "@127.0.0.1:" + mirror.url("/").getPort() + "/loop.iso?token=" + SECRET;
        mirror.on("/x.iso", redirect(loop));
        mirror.on("/loop.iso", redirect(loop), redirect(loop), redirect(loop), redirect(loop));
        String reason = failureReason(Map.of("Authorization", "Bearer " + SECRET), Map.of());
        assertTrue(reason.contains("127.0.0.1"), reason);
        assertFalse(reason.contains(SECRET), reason);
    }

    @Test
    void anInvalidRedirectLocationIsReportedWithoutItsUserInfoOrQuery() throws Exception {
        mirror.on("/x.iso", redirect("http://user:" + SECRET + "@127.0.0.1:1/a b.iso?token=" + SECRET));
        String reason = failureReason(Map.of(), Map.of());
        assertTrue(reason.startsWith("failed to download http://127.0.0.1:"), reason);
        assertFalse(reason.contains(SECRET), reason);
    }

    private String failureReason(Map<String, String> headers, Map<String, String> query) throws Exception {
        var config = TestConfigs.store(data, List.of(full("4.8", "x86_64", mirror.url("/x.iso").toString(), V)),
                TestConfigs.download(headers, query, new DownloadTls(false, null), TestConfigs.limits(TestConfigs.STALL)));
        try (ImageStore store = new ImageStore(config, List.of())) {
            store.start();
            await(WAIT, () -> store.health().images().get(0).reason() != null);
            return store.health().images().get(0).reason();
        }
    }

    private static FakeMirror.Reply redirect(String location) {
        return (ex, release) -> {
            ex.getResponseHeaders().set("Location", location);
            ex.sendResponseHeaders(302, -1);
            ex.close();
        };
    }
}
