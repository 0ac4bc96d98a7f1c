package org.assisted.imageservice.api.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.MultivaluedMap;

import org.glassfish.jersey.uri.UriComponent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The filter reads plain query strings exactly as Jersey's own parser does, and refuses every other one. */
class ReusedDownloadFilterTest {

    private static final String[] NAMES = {"version", "type", "arch", "api_key", "image_token", "", "x"};

    @ParameterizedTest
    @ValueSource(strings = {
        "version=4.17&type=full-iso&api_key=eyJhbGciOi.eyJzdWIiOi.c2ln",
        "version=4.17&version=4.18&type=minimal-iso",
        "version=&type=full-iso&arch=",
        "version&type=full-iso",
        "type=full-iso&&&version=4.17&",
        "=x&version=a=b&type",
        "api_key=a&api_key=b&image_token=c~d_e-f.g",
        "",
        "&",
        "arch",
        "versionx=1&xversion=2&version=3",
    })
    void firstParameterIsWhatJerseyReads(String query) {
        assertTrue(ReusedDownloadFilter.isPlain(query), query);
        MultivaluedMap<String, String> jersey = UriComponent.decodeQuery(query, true);
        for (String name : NAMES) {
            if (!name.isEmpty()) {
                assertEquals(jersey.getFirst(name), ReusedDownloadFilter.firstParameter(query, name),
                        name + " in " + query);
            }
        }
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"version=4.17", "a-b.c_d~e=0&Z=9"})
    void unreservedCharactersEqualsAndAmpersandArePlain(String query) {
        assertTrue(ReusedDownloadFilter.isPlain(query));
    }

    @ParameterizedTest
    @ValueSource(strings = {"api_key=a%2Db", "api_key=a+b", "version=4.17;type=full-iso", "api_key=a b",
        "api_key=a/b", "x=%", "api_key=\u00e9", "a=b#c", "a=b?c", "a=*"})
    void anythingElseGoesToJersey(String query) {
        assertFalse(ReusedDownloadFilter.isPlain(query), query);
    }
}
