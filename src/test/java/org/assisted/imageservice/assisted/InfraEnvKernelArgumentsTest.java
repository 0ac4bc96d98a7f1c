package org.assisted.imageservice.assisted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InfraEnvKernelArgumentsTest {

    private static String kargs(String arrayJson) {
        return "{\"id\":\"x\",\"kernel_arguments\":" + quote(arrayJson) + "}";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static Stream<Arguments> rendered() {
        return Stream.of(
                Arguments.of(kargs("[{\"operation\":\"append\",\"value\":\"p1\"},{\"operation\":\"append\",\"value\":\"p2\"}]"), " p1 p2\n"),
                Arguments.of(kargs("[{\"operation\":\"append\",\"value\":\"p1\"},{\"operation\":\"append\",\"value\":\"p2\"},"
                        + "{\"operation\":\"append\",\"value\":\"p3\"}]"), " p1 p2 p3\n"),
                Arguments.of(kargs("[]"), " \n"),
                Arguments.of(kargs("null"), " \n"),
                Arguments.of(kargs("[{\"OPERATION\":\"append\",\"Value\":\"ip=dhcp\",\"other\":1}]"), " ip=dhcp\n"),
                Arguments.of(kargs("[{\"operation\":\"append\"}]"), " \n"),
                Arguments.of("{\"KERNEL_ARGUMENTS\":" + quote("[{\"operation\":\"append\",\"value\":\"a\"}]") + "}", " a\n"),
                Arguments.of("{\"kernel_arguments\":" + quote("[{\"operation\":\"append\",\"value\":\"é\"}]") + "}", " é\n"));
    }

    @ParameterizedTest
    @MethodSource
    void rendered(String infraEnv, String expected) {
        byte[] bytes = InfraEnvKernelArguments.render(infraEnv.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertEquals(expected, new String(bytes, StandardCharsets.UTF_8));
    }

    static Stream<String> absent() {
        return Stream.of("{\"id\":\"x\"}", "{\"id\":\"x\",\"kernel_arguments\":null}",
                "{\"kernel_arguments\":\"[]\",\"kernel_arguments\":null}");
    }

    @ParameterizedTest
    @MethodSource
    void absent(String infraEnv) {
        assertEquals(Optional.empty(), InfraEnvKernelArguments.render(infraEnv.getBytes(StandardCharsets.UTF_8)));
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of(kargs("[{\"operation\":\"replace\",\"value\":\"a\"}]"), "only 'append' operation is allowed.  got replace"),
                Arguments.of(kargs("[{\"operation\":\"delete\",\"value\":\"a\"}]"), "only 'append' operation is allowed.  got delete"),
                Arguments.of(kargs("[{\"value\":\"a\"}]"), "only 'append' operation is allowed.  got "),
                Arguments.of(kargs("[{\"operation\":\"append\",\"value\":\"a\"},{\"operation\":\"replace\",\"value\":\"b\"}]"),
                        "only 'append' operation is allowed.  got replace"),
                Arguments.of(kargs("[\"p1\"]"),
                        "failed to unmarshal kernel arguments json: cannot unmarshal string into Go value of type isoeditor.kernelArgument"),
                Arguments.of(kargs("[{\"operation\":\"append\",\"value\":1}]"),
                        "failed to unmarshal kernel arguments json: cannot unmarshal number into Go struct field isoeditor.kernelArgument.value of type string"),
                Arguments.of(kargs("{}"),
                        "failed to unmarshal kernel arguments json: cannot unmarshal object into Go value of type []*isoeditor.kernelArgument"),
                Arguments.of("{\"kernel_arguments\":[]}",
                        "failed to decode infra-env input: json: cannot unmarshal array into Go struct field handlers.infraEnv.kernel_arguments of type string"),
                Arguments.of("[]", "failed to decode infra-env input: json: cannot unmarshal array into Go value of type handlers.infraEnv"),
                Arguments.of("", "failed to decode infra-env input: json: cannot unmarshal nothing into Go value of type handlers.infraEnv"));
    }

    @ParameterizedTest
    @MethodSource
    void rejected(String infraEnv, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InfraEnvKernelArguments.render(infraEnv.getBytes(StandardCharsets.UTF_8)));
        assertEquals(message, e.getMessage());
    }

    @Test
    void garbageIsRejectedWithTheJsonErrorPrefix() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> InfraEnvKernelArguments.render(kargs("not json").getBytes(StandardCharsets.UTF_8)))
                .getMessage().startsWith("failed to unmarshal kernel arguments Unrecognized token 'not'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> InfraEnvKernelArguments.render("<html>".getBytes(StandardCharsets.UTF_8)))
                .getMessage().startsWith("failed to decode infra-env input: Unexpected character ('<'"));
    }

    @Test
    void invalidKernelArgumentsFromAssistedServiceAreAResponseError() {
        try (FakeAssistedService fake = FakeAssistedService.start();
             AssistedServiceClient client = new AssistedServiceClient(
                     AssistedServiceClientTest.config(fake.baseUri(), Duration.ofSeconds(10)))) {
            fake.image("x").kernelArguments("[{\"operation\":\"replace\",\"value\":\"a\"}]");
            UpstreamResponseException e = assertThrows(UpstreamResponseException.class,
                    () -> client.fetch(FetchRequest.forIso("x", Optional.empty(), ImageType.FULL_ISO)));
            assertEquals(UpstreamCall.INFRA_ENV, e.call());
            assertEquals("infra-env request to " + fake.baseUri() + "/api/assisted-install/v2/infra-envs/x: "
                    + "only 'append' operation is allowed.  got replace", e.getMessage());
        }
    }
}
