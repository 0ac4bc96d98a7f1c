package org.assisted.imageservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The path written to the access log: a token route keeps its shape with the token masked; on any other path,
 * whatever follows a segment that reads {@code by…} once path parameters, percent-encoding and case are undone is
 * masked, so a token sent on a path that does not route never reaches the log.
 */
class RoutesRedactTest {

    private static final String UUID = "0d5e3f4a-1b2c-4d5e-8f90-a1b2c3d4e5f6";

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /byapikey/e30.e30.sig/4.17/x86_64/full.iso       | /byapikey/REDACTED/4.17/x86_64/full.iso
            /bytoken/e30.e30.sig/4.17/x86_64/minimal.iso     | /bytoken/REDACTED/4.17/x86_64/minimal.iso
            /byapikey/e30;x=1/4.17/x86_64/full.iso           | /byapikey/REDACTED
            /byapikey/./e30.e30.sig/x86_64/full.iso          | /byapikey/REDACTED
            /byapikey/%2e/e30.e30.sig/x86_64/full.iso        | /byapikey/REDACTED
            /byapikey/.;/e30.e30.sig/x86_64/full.iso         | /byapikey/REDACTED
            /byid/UUID/4.17/x86_64/full.iso                  | /byid/UUID/4.17/x86_64/full.iso
            /images/UUID                                     | /images/UUID
            /images/UUID/pxe-initrd                          | /images/UUID/pxe-initrd
            /images/not-an-id                                | /images/not-an-id
            /boot-artifacts/rootfs                           | /boot-artifacts/rootfs
            /health                                          | /health
            //byapikey/e30.e30.sig/4.17/x86_64/full.iso      | //byapikey/REDACTED
            /byapikey;x/e30.e30.sig/4.17/x86_64/full.iso     | /REDACTED/REDACTED
            /%62yapikey/e30.e30.sig/4.17/x86_64/full.iso     | /REDACTED/REDACTED
            /%2562yapikey/e30.e30.sig/x                      | /REDACTED/REDACTED
            /./byapikey/e30.e30.sig/4.17/x86_64/full.iso     | /./byapikey/REDACTED
            /a/../byapikey/e30.e30.sig/4.17/x86_64/full.iso  | /a/../byapikey/REDACTED
            /BYAPIKEY/e30.e30.sig/4.17/x86_64/full.iso       | /REDACTED/REDACTED
            /byapikey/./e30.e30.sig/4.17/x86_64/full.iso     | /byapikey/REDACTED
            /byapikey/e30.e30.sig                            | /byapikey/REDACTED
            /byapikey/e30.e30.sig/4.17/x86_64/full.iso/extra | /byapikey/REDACTED
            /byapikey%2Fe30.e30.sig/4.17/x86_64/full.iso     | /REDACTED/REDACTED
            /byapikeye30.e30.sig/4.17/x86_64/full.iso        | /REDACTED/REDACTED
            /byapikey                                        | /byapikey
            /images/UUID/bytoken/e30.e30.sig                 | /images/UUID/bytoken/REDACTED
            /boot-artifacts/x/byapikey/e30.e30.sig           | /boot-artifacts/x/byapikey/REDACTED
            /images/UUID/..;/..;/bytoken/e30.e30.sig         | /images/UUID/..;/..;/bytoken/REDACTED
            /%                                               | /%
            /by%zz/e30.e30.sig                               | /REDACTED/REDACTED
            """)
    void pathsAreLoggedWithTokensMasked(String path, String logged) {
        String raw = path.replace("UUID", UUID);
        // a canonical path is one Tomcat maps unchanged; on any other, the decoded form does not matter here
        assertEquals(logged.replace("UUID", UUID), Routes.redact(RouteMatch.of(raw, raw)));
    }
}
