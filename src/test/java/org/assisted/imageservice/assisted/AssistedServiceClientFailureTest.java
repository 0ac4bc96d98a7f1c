package org.assisted.imageservice.assisted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.FakeAssistedService.Endpoint;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Timeouts, broken connections, parallelism and the error precedence between the three calls. */
class AssistedServiceClientFailureTest {

    private static final String ID = "image-1";
    private static final FetchRequest MINIMAL = FetchRequest.forIso(ID, Optional.empty(), ImageType.MINIMAL_ISO);

    @AutoClose
    private final FakeAssistedService fake = FakeAssistedService.start();

    private AssistedServiceClient client(Duration responseTimeout) {
        return new AssistedServiceClient(AssistedServiceClientTest.config(fake.baseUri(), responseTimeout));
    }

    @Test
    void slowAnswerTimesOutWithinTheConfiguredResponseTimeout() {
        fake.image(ID).delay(Endpoint.IGNITION, Duration.ofSeconds(2));
        try (AssistedServiceClient client = client(Duration.ofMillis(500))) {
            FetchRequest unknownId = FetchRequest.forPxe("warm-up", Optional.empty());
            assertEquals(404, assertThrows(UpstreamStatusException.class, () -> client.fetch(unknownId)).status());
            long start = System.nanoTime();
            UpstreamTimeoutException e = assertThrows(UpstreamTimeoutException.class, () -> client.fetch(MINIMAL));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(UpstreamCall.IGNITION, e.call());
            assertTrue(elapsedMillis >= 450 && elapsedMillis < 1500, "timed out after " + elapsedMillis + " ms");
        }
    }

    @Test
    void refusedConnectionIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI nobody = URI.create("http://127.0.0.1:" + closedPort);
        try (AssistedServiceClient client = new AssistedServiceClient(
                AssistedServiceClientTest.config(nobody, Duration.ofSeconds(5)))) {
            UpstreamUnavailableException e = assertThrows(UpstreamUnavailableException.class, () -> client.fetch(MINIMAL));
            assertEquals(UpstreamCall.IGNITION, e.call());
        }
    }

    @Test
    void connectionDroppedMidBodyFailsInsteadOfHanging() {
        fake.image(ID).ramdisk(new byte[100]).truncate(Endpoint.MINIMAL_INITRD);
        try (AssistedServiceClient client = client(Duration.ofSeconds(30))) {
            UpstreamUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(UpstreamUnavailableException.class, () -> client.fetch(MINIMAL)));
            assertEquals(UpstreamCall.MINIMAL_INITRD, e.call());
        }
    }

    /** Behaviour check, not a benchmark: sequential calls would need at least 900 ms. */
    @Test
    void theThreeCallsRunInParallel() {
        fake.image("warm-up");
        fake.image(ID).delayAll(Duration.ofMillis(300));
        try (AssistedServiceClient client = client(Duration.ofSeconds(10))) {
            client.fetch(FetchRequest.forIso("warm-up", Optional.empty(), ImageType.MINIMAL_ISO));
            long start = System.nanoTime();
            client.fetch(MINIMAL);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis >= 300 && elapsedMillis < 600, "fetch took " + elapsedMillis + " ms");
        }
    }

    @Test
    void ignitionErrorWinsOverLaterCallsEvenWhenItArrivesLast() {
        fake.image(ID).ignitionStatus(401).delay(Endpoint.IGNITION, Duration.ofMillis(200))
                .ramdisk(new byte[0]).ramdiskStatus(403).infraEnvStatus(500);
        assertFailsWith(UpstreamCall.IGNITION, 401);
    }

    @Test
    void ramdiskErrorWinsOverInfraEnvError() {
        fake.image(ID).ramdisk(new byte[0]).ramdiskStatus(403).delay(Endpoint.MINIMAL_INITRD, Duration.ofMillis(200))
                .infraEnvStatus(500);
        assertFailsWith(UpstreamCall.MINIMAL_INITRD, 403);
    }

    @Test
    void infraEnvErrorWhenTheOthersSucceed() {
        fake.image(ID).infraEnvStatus(404);
        assertFailsWith(UpstreamCall.INFRA_ENV, 404);
    }

    @Test
    void ignitionTimeoutWinsOverAFastRamdiskError() {
        fake.image(ID).delay(Endpoint.IGNITION, Duration.ofSeconds(2)).ramdisk(new byte[0]).ramdiskStatus(401);
        try (AssistedServiceClient client = client(Duration.ofMillis(500))) {
            UpstreamTimeoutException e = assertThrows(UpstreamTimeoutException.class, () -> client.fetch(MINIMAL));
            assertEquals(UpstreamCall.IGNITION, e.call());
        }
    }

    private void assertFailsWith(UpstreamCall call, int status) {
        try (AssistedServiceClient client = client(Duration.ofSeconds(10))) {
            UpstreamStatusException e = assertThrows(UpstreamStatusException.class, () -> client.fetch(MINIMAL));
            assertEquals(call, e.call());
            assertEquals(status, e.status());
        }
    }
}
