package org.assisted.imageservice.assisted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.FakeAssistedService.Endpoint;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Every call is reported once, with its outcome, whether it succeeded, failed, timed out or was cancelled. */
class AssistedCallListenerTest {

    private static final String ID = "image-1";
    private static final FetchRequest MINIMAL = FetchRequest.forIso(ID, Optional.empty(), ImageType.MINIMAL_ISO);

    private record Report(UpstreamCall call, CallOutcome outcome, long nanos) {
    }

    private final List<Report> reports = new CopyOnWriteArrayList<>();
    @AutoClose
    private final FakeAssistedService fake = FakeAssistedService.start();

    private AssistedServiceClient client(Duration responseTimeout) {
        return new AssistedServiceClient(AssistedServiceClientTest.config(fake.baseUri(), responseTimeout),
                (call, outcome, nanos) -> reports.add(new Report(call, outcome, nanos)));
    }

    /** Callbacks run on the I/O thread, possibly just after {@code fetch} returned. */
    private List<Report> awaitReports(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (reports.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return List.copyOf(reports);
    }

    @Test
    void successfulCallsAreReportedWithTheirDuration() throws InterruptedException {
        fake.image(ID).ignition("{}").ramdiskStatus(204).delay(Endpoint.INFRA_ENV, Duration.ofMillis(200));
        try (AssistedServiceClient client = client(Duration.ofSeconds(10))) {
            client.fetch(MINIMAL);
        }
        List<Report> got = awaitReports(3);
        assertEquals(3, got.size(), got.toString());
        assertTrue(got.stream().allMatch(r -> r.outcome() == CallOutcome.SUCCESS), got.toString());
        Report infraEnv = got.stream().filter(r -> r.call() == UpstreamCall.INFRA_ENV).findFirst().orElseThrow();
        assertTrue(infraEnv.nanos() >= TimeUnit.MILLISECONDS.toNanos(190), infraEnv.toString());
    }

    @Test
    void statusClassesAreDistinguished() throws InterruptedException {
        fake.image(ID).ignitionStatus(401).ramdiskStatus(503).infraEnvStatus(302);
        try (AssistedServiceClient client = client(Duration.ofSeconds(10))) {
            assertThrows(UpstreamStatusException.class, () -> client.fetch(MINIMAL));
        }
        List<Report> got = awaitReports(3);
        assertEquals(CallOutcome.CLIENT_ERROR, outcomeOf(got, UpstreamCall.IGNITION));
        assertTrue(Set.of(CallOutcome.SERVER_ERROR, CallOutcome.CANCELLED).contains(
                outcomeOf(got, UpstreamCall.MINIMAL_INITRD)), got.toString());
    }

    @Test
    void callStillRunningAtTheDeadlineIsATimeout() throws InterruptedException {
        fake.image(ID).delay(Endpoint.IGNITION, Duration.ofSeconds(3));
        try (AssistedServiceClient client = client(Duration.ofMillis(300))) {
            assertThrows(UpstreamTimeoutException.class, () -> client.fetch(MINIMAL));
        }
        assertEquals(CallOutcome.TIMEOUT, outcomeOf(awaitReports(3), UpstreamCall.IGNITION));
    }

    private static CallOutcome outcomeOf(List<Report> got, UpstreamCall call) {
        return got.stream().filter(r -> r.call() == call).map(Report::outcome).findFirst()
                .orElseThrow(() -> new AssertionError(call + " not reported: " + got));
    }
}
