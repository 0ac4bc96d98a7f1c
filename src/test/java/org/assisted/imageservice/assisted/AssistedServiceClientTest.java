package org.assisted.imageservice.assisted;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.config.ServiceConfig.AssistedServiceConfig;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.FakeAssistedService.Endpoint;
import org.assisted.imageservice.testsupport.FakeAssistedService.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AssistedServiceClientTest {

    private static final String ID = "8d6a3f3e-4b8c-4a8f-9d1e-2f0c5b7a9e11";
    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration RESPONSE = Duration.ofSeconds(10);

    private FakeAssistedService fake;
    private AssistedServiceClient client;

    @BeforeEach
    void startFake() {
        fake = FakeAssistedService.start();
        client = new AssistedServiceClient(config(fake.baseUri(), RESPONSE));
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    static AssistedServiceConfig config(URI base, Duration responseTimeout) {
        return new AssistedServiceConfig(base, null, CONNECT, responseTimeout);
    }

    private DiscoveryInputs fetchMinimal(Optional<Credential> credential) {
        return client.fetch(FetchRequest.forIso(ID, credential, ImageType.MINIMAL_ISO));
    }

    @Test
    void fetchesIgnitionRamdiskAndKernelArgumentsOfMinimalIso() {
        fake.image(ID).ignition("IGNITION").ignitionLastModified("Fri, 22 Apr 2022 18:11:09 GMT")
                .ramdisk(new byte[] {1, 2, 3})
                .kernelArguments("[{\"operation\":\"append\",\"value\":\"p1\"},{\"operation\":\"append\",\"value\":\"p2\"}]");

        DiscoveryInputs inputs = fetchMinimal(Optional.of(Credential.apiKey("secret")));

        assertArrayEquals("IGNITION".getBytes(StandardCharsets.UTF_8), inputs.ignition().content());
        assertEquals(Optional.of(Instant.parse("2022-04-22T18:11:09Z")), inputs.ignition().lastModified());
        assertArrayEquals(new byte[] {1, 2, 3}, inputs.ramdisk().orElseThrow());
        assertEquals(" p1 p2\n", new String(inputs.kernelArguments().orElseThrow(), StandardCharsets.UTF_8));
        RecordedRequest ignition = fake.requests(Endpoint.IGNITION).get(0);
        assertEquals("/api/assisted-install/v2/infra-envs/" + ID + "/downloads/files", ignition.rawPath());
        assertEquals("api_key=secret&discovery_iso_type=minimal-iso&file_name=discovery.ign", ignition.rawQuery());
        assertEquals("/api/assisted-install/v2/infra-envs/" + ID + "/downloads/minimal-initrd",
                fake.requests(Endpoint.MINIMAL_INITRD).get(0).rawPath());
        assertEquals("/api/assisted-install/v2/infra-envs/" + ID, fake.requests(Endpoint.INFRA_ENV).get(0).rawPath());
        assertEquals(3, fake.requests().size());
    }

    @Test
    void fullIsoSkipsRamdiskAndPxeSkipsInfraEnvAndIsoType() {
        fake.image(ID);
        DiscoveryInputs full = client.fetch(FetchRequest.forIso(ID, Optional.empty(), ImageType.FULL_ISO));
        assertEquals(Optional.empty(), full.ramdisk());
        assertEquals(Optional.empty(), full.kernelArguments());
        assertEquals("discovery_iso_type=full-iso&file_name=discovery.ign", fake.requests(Endpoint.IGNITION).get(0).rawQuery());
        assertEquals(List.of(), fake.requests(Endpoint.MINIMAL_INITRD));
        fake.clearRequests();

        client.fetch(FetchRequest.forPxe(ID, Optional.empty()));
        assertEquals("file_name=discovery.ign", fake.requests(Endpoint.IGNITION).get(0).rawQuery());
        assertEquals(1, fake.requests(Endpoint.MINIMAL_INITRD).size());
        assertEquals(List.of(), fake.requests(Endpoint.INFRA_ENV));
    }

    @ParameterizedTest
    @ValueSource(strings = {"API_KEY", "IMAGE_TOKEN", "AUTHORIZATION", "NONE"})
    void forwardsExactlyTheOneCredentialOnEveryCall(String kind) {
        fake.image(ID);
        Optional<Credential> credential = kind.equals("NONE") ? Optional.empty()
                : Optional.of(new Credential(Credential.Kind.valueOf(kind), "Bearer tok"));

        fetchMinimal(credential);

        assertEquals(3, fake.requests().size());
        for (RecordedRequest request : fake.requests()) {
            assertEquals(kind.equals("API_KEY") ? Optional.of("Bearer tok") : Optional.empty(),
                    Optional.ofNullable(request.queryParams().get("api_key")), request.toString());
            assertEquals(kind.equals("IMAGE_TOKEN") ? Optional.of("Bearer tok") : Optional.empty(),
                    request.header("Image-Token"), request.toString());
            assertEquals(kind.equals("AUTHORIZATION") ? Optional.of("Bearer tok") : Optional.empty(),
                    request.header("Authorization"), request.toString());
            assertEquals(Optional.empty(), request.header("Cookie"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 204, 401, 403, 404, 500, 503})
    void ignitionStatusOtherThan200IsPassedThrough(int status) {
        fake.image(ID).ignitionStatus(status);
        UpstreamStatusException e = assertThrows(UpstreamStatusException.class,
                () -> fetchMinimal(Optional.of(Credential.apiKey("secret"))));
        assertEquals(status, e.status());
        assertEquals(UpstreamCall.IGNITION, e.call());
        assertTrue(e.getMessage().contains("api_key=REDACTED"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void ramdiskNoContentIsAbsentEmpty200IsPresentAndErrorsPassThrough() {
        fake.image(ID).ramdiskStatus(204);
        assertEquals(Optional.empty(), fetchMinimal(Optional.empty()).ramdisk());

        fake.image(ID).ramdisk(new byte[0]);
        assertArrayEquals(new byte[0], fetchMinimal(Optional.empty()).ramdisk().orElseThrow());

        fake.image(ID).ramdisk(new byte[] {9}).ramdiskStatus(401);
        UpstreamStatusException e = assertThrows(UpstreamStatusException.class, () -> fetchMinimal(Optional.empty()));
        assertEquals(401, e.status());
        assertEquals(UpstreamCall.MINIMAL_INITRD, e.call());
    }

    @Test
    void unparsableLastModifiedIsAbsent() {
        fake.image(ID).ignitionLastModified("somenonsense");
        assertEquals(Optional.empty(), fetchMinimal(Optional.empty()).ignition().lastModified());
    }

    @Test
    void imageIdIsPercentEncodedAsOnePathSegment() {
        String id = "a b/c?d%";
        fake.image(id);
        client.fetch(FetchRequest.forIso(id, Optional.empty(), ImageType.FULL_ISO));
        RecordedRequest ignition = fake.requests(Endpoint.IGNITION).get(0);
        assertEquals("/api/assisted-install/v2/infra-envs/a%20b%2Fc%3Fd%25/downloads/files", ignition.rawPath());
        assertEquals(id, ignition.imageId());
    }

    @Test
    void oversizeBodyIsAResponseError() {
        fake.image(ID).infraEnvBody("{\"x\":\"" + "a".repeat((int) AssistedServiceClient.INFRA_ENV_MAX_BYTES) + "\"}");
        UpstreamResponseException e = assertThrows(UpstreamResponseException.class, () -> fetchMinimal(Optional.empty()));
        assertEquals(UpstreamCall.INFRA_ENV, e.call());
        assertTrue(e.getMessage().endsWith("response body exceeds 4194304 bytes"), e.getMessage());
    }
}
