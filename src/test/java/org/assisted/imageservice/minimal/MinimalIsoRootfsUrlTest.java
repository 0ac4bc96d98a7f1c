package org.assisted.imageservice.minimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MinimalIsoRootfsUrlTest {

    @ParameterizedTest
    @CsvSource({
        "https://images.example.com/api/assisted-images, https://images.example.com/api/assisted-images/boot-artifacts/rootfs",
        "http://images.example.com, http://images.example.com/boot-artifacts/rootfs",
        "http://images.example.com/, http://images.example.com/boot-artifacts/rootfs",
        "https://u:p@h:8443//a//b/./c/../?x=1#frag, https://h:8443/a/b/boot-artifacts/rootfs",
        "https://h/with space, https://h/with%20space/boot-artifacts/rootfs",
    })
    void joinsThePathAndAddsSortedEncodedQuery(String base, String expectedPath) throws Exception {
        assertEquals(expectedPath + "?arch=x86_64&version=48.84.202109241901-0",
                MinimalIsoRootfsUrl.build(base, "x86_64", "48.84.202109241901-0"));
    }

    @org.junit.jupiter.api.Test
    void queryValuesAreEscaped() throws Exception {
        assertEquals("http://h/boot-artifacts/rootfs?arch=a+b&version=1%262~",
                MinimalIsoRootfsUrl.build("http://h", "a b", "1&2~"));
    }

    @ParameterizedTest
    @CsvSource(value = {
        ":| failed to build rootfs URL: parse \":\": missing protocol scheme",
        "''| failed to build rootfs URL: parse \"\": scheme and host required",
        "images.example.com/x| failed to build rootfs URL: parse \"images.example.com/x\": scheme and host required",
    }, delimiter = '|')
    void unusableBasesAreRejected(String base, String message) {
        MinimalIsoException error = assertThrows(MinimalIsoException.class,
                () -> MinimalIsoRootfsUrl.build(base, "x86_64", "4"));
        assertEquals(message, error.getMessage());
    }
}
