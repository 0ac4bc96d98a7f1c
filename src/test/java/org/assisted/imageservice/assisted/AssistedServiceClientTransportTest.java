package org.assisted.imageservice.assisted;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.config.ServiceConfig.AssistedServiceConfig;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.FakeAssistedService.Endpoint;
import org.assisted.imageservice.testsupport.SelfSignedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Redirects, TLS trust and the client's threads. */
class AssistedServiceClientTransportTest {

    private static final String ID = "image-1";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path tempDir;

    @Test
    void sameOriginRedirectKeepsTheCredentialAnotherHostOrPortGetsNone() {
        try (FakeAssistedService first = FakeAssistedService.start(); FakeAssistedService second = FakeAssistedService.start();
             AssistedServiceClient client = new AssistedServiceClient(new AssistedServiceConfig(first.baseUri(), null, TIMEOUT, TIMEOUT))) {
            String ignitionPath = "/api/assisted-install/v2/infra-envs/" + ID + "/downloads/files?file_name=discovery.ign";
            second.image(ID).ignition("moved");
            first.image("host").redirect(Endpoint.IGNITION, "http://localhost:" + second.port() + ignitionPath);
            first.image("port").redirect(Endpoint.IGNITION, "http://127.0.0.1:" + second.port() + ignitionPath);
            first.image("same").redirect(Endpoint.IGNITION, "/api/assisted-install/v2/infra-envs/target/downloads/files");
            first.image("target").ignition("original");

            for (String id : List.of("host", "port")) {
                for (Credential credential : List.of(Credential.authorization("Bearer t"), Credential.imageToken("tok"),
                        Credential.apiKey("key"))) {
                    DiscoveryInputs moved = client.fetch(FetchRequest.forPxe(id, Optional.of(credential)));
                    assertArrayEquals("moved".getBytes(StandardCharsets.UTF_8), moved.ignition().content());
                }
            }
            assertEquals(6, second.requests(Endpoint.IGNITION).size());
            for (FakeAssistedService.RecordedRequest request : second.requests(Endpoint.IGNITION)) {
                assertEquals(Optional.empty(), request.header("Authorization"));
                assertEquals(Optional.empty(), request.header("Image-Token"));
                assertFalse(String.valueOf(request.rawQuery()).contains("api_key"), request.rawQuery());
            }

            first.clearRequests();
            DiscoveryInputs sameHost = client.fetch(FetchRequest.forPxe("same", Optional.of(Credential.authorization("Bearer t"))));
            assertArrayEquals("original".getBytes(StandardCharsets.UTF_8), sameHost.ignition().content());
            client.fetch(FetchRequest.forPxe("same", Optional.of(Credential.imageToken("tok"))));
            List<FakeAssistedService.RecordedRequest> sameOrigin = first.requests(Endpoint.IGNITION);
            assertEquals(List.of(Optional.of("Bearer t"), Optional.of("Bearer t")), sameOrigin.subList(0, 2).stream()
                    .map(r -> r.header("Authorization")).toList());
            assertEquals(List.of(Optional.of("tok"), Optional.of("tok")), sameOrigin.subList(2, 4).stream()
                    .map(r -> r.header("Image-Token")).toList());
        }
    }

    @Test
    void redirectFromHttpsToHttpIsRefused() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(tempDir, "assisted");
        try (FakeAssistedService secure = FakeAssistedService.startHttps(certificate.serverContext());
             FakeAssistedService plain = FakeAssistedService.start();
             AssistedServiceClient client = new AssistedServiceClient(new AssistedServiceConfig(secure.baseUri(),
                     certificate.certificatePem(), TIMEOUT, TIMEOUT))) {
            plain.image(ID).ignition("downgraded");
            secure.image(ID).redirect(Endpoint.IGNITION, plain.baseUri() + "/api/assisted-install/v2/infra-envs/" + ID
                    + "/downloads/files?file_name=discovery.ign&api_key=k3y");
            UpstreamException e = assertThrows(UpstreamResponseException.class, () -> client.fetch(
                    FetchRequest.forPxe(ID, Optional.of(Credential.authorization("Bearer t")))));
            assertTrue(e.getMessage().contains("refused a redirect from https to http"), e.getMessage());
            assertFalse(e.getMessage().contains("k3y"), e.getMessage());
            assertEquals(List.of(), plain.requests(Endpoint.IGNITION));
        }
    }

    @Test
    void caFileIsTheOnlyTrustAnchor() throws Exception {
        SelfSignedCertificate server = SelfSignedCertificate.generate(tempDir, "server");
        SelfSignedCertificate stranger = SelfSignedCertificate.generate(tempDir, "stranger");
        try (FakeAssistedService fake = FakeAssistedService.startHttps(server.serverContext())) {
            fake.image(ID).ignition("over tls");
            URI base = fake.baseUri();
            try (AssistedServiceClient trusting = new AssistedServiceClient(
                    new AssistedServiceConfig(base, server.certificatePem(), TIMEOUT, TIMEOUT))) {
                DiscoveryInputs inputs = trusting.fetch(FetchRequest.forPxe(ID, Optional.empty()));
                assertArrayEquals("over tls".getBytes(StandardCharsets.UTF_8), inputs.ignition().content());
            }
            try (AssistedServiceClient other = new AssistedServiceClient(
                    new AssistedServiceConfig(base, stranger.certificatePem(), TIMEOUT, TIMEOUT));
                 AssistedServiceClient jvmDefault = new AssistedServiceClient(new AssistedServiceConfig(base, null, TIMEOUT, TIMEOUT))) {
                FetchRequest request = FetchRequest.forPxe(ID, Optional.empty());
                UpstreamException untrusted = assertThrows(UpstreamUnavailableException.class, () -> other.fetch(request));
                assertTrue(untrusted.getMessage().contains("SSLHandshakeException"), untrusted.getMessage());
                UpstreamException unknownToJvm = assertThrows(UpstreamUnavailableException.class, () -> jvmDefault.fetch(request));
                assertTrue(unknownToJvm.getMessage().contains("SSLHandshakeException"), unknownToJvm.getMessage());
            }
        }
    }

    /** HttpClient runs one I/O dispatcher plus the reactor's supervising thread, however many calls are made. */
    @Test
    void usesOneIoReactorAndCloseLeavesNoThreadBehind() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (FakeAssistedService fake = FakeAssistedService.start()) {
            fake.image(ID);
            AssistedServiceClient client = new AssistedServiceClient(new AssistedServiceConfig(fake.baseUri(), null, TIMEOUT, TIMEOUT));
            client.fetch(FetchRequest.forIso(ID, Optional.empty(), ImageType.MINIMAL_ISO));
            client.fetch(FetchRequest.forIso(ID, Optional.empty(), ImageType.MINIMAL_ISO));
            Set<String> running = clientThreads(before);
            assertEquals(2, running.size(), running.toString());
            assertTrue(running.stream().allMatch(name -> name.startsWith(AssistedHttpClients.IO_THREAD_PREFIX)), running.toString());

            client.close();

            assertEquals(Set.of(), clientThreads(before));
        }
    }

    private static Set<String> clientThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && !t.getName().startsWith("fake-assisted-service")
                        && !t.getName().equals("HTTP-Dispatcher") && !t.getName().equals("idle-timeout-task"))
                .map(Thread::getName)
                .collect(Collectors.toSet());
    }

    @Test
    void messagesNeverCarryTheApiKey() {
        try (FakeAssistedService fake = FakeAssistedService.start();
             AssistedServiceClient client = new AssistedServiceClient(new AssistedServiceConfig(fake.baseUri(), null, TIMEOUT, TIMEOUT))) {
            fake.image(ID).infraEnvStatus(401);
            UpstreamStatusException e = assertThrows(UpstreamStatusException.class, () -> client.fetch(
                    FetchRequest.forIso(ID, Optional.of(Credential.apiKey("s3cr3t-key")), ImageType.FULL_ISO)));
            assertEquals("infra-env request to " + fake.baseUri() + "/api/assisted-install/v2/infra-envs/image-1"
                    + "?api_key=REDACTED returned status 401", e.getMessage());
            assertFalse(e.getMessage().contains("s3cr3t"));
            assertTrue(Credential.apiKey("s3cr3t-key").toString().indexOf("s3cr3t") < 0);
        }
    }
}
