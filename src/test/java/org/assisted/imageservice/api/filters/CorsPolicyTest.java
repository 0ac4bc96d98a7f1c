package org.assisted.imageservice.api.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorsPolicyTest {

    private static final CorsPolicy UPSTREAM_TEST_POLICY = CorsPolicy.of(
            List.of("https://test.example.com", "https://other.example.com", "https://*.wild.example"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "https://test.example.com|true",
        "https://other.example.com|true",
        "HTTPS://TEST.example.COM|true",
        "https://evil.example.com|false",
        "https://test.example.com.evil|false",
        "http://test.example.com|false",
        "https://a.wild.example|true",
        "https://a.b.wild.example|true",
        "https://wild.example|false",
        "https://.wild.example|true",
        "https://x.wild.example.org|false",
        "|false",
    })
    void originsMatchExactlyOrByOneWildcardIgnoringCase(String origin, boolean allowed) {
        assertEquals(allowed, UPSTREAM_TEST_POLICY.allowsOrigin(origin));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"https://anything.example", "null", "http://localhost:3000"})
    void starAllowsEveryOriginAndAnswersStar(String origin) {
        CorsPolicy any = CorsPolicy.of(List.of("https://a.example", "*"));
        assertEquals(true, any.allowsOrigin(origin));
        assertEquals("*", any.allowOriginValue(origin));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"GET,true", "HEAD,true", "OPTIONS,true", "get,false", "POST,false", "PUT,false", "DELETE,false"})
    void onlyGetAndHeadAreAllowedCaseSensitively(String method, boolean allowed) {
        assertEquals(allowed, CorsPolicy.allowsMethod(method));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "authorization|true|",
        "content-type|true|",
        "authorization,content-type|true|",
        "authorization, content-type|true|",
        "' authorization ,content-type '|true|",
        "'  authorization'|false|",
        "content-type,authorization|false|",
        "authorization,authorization|false|",
        "Authorization|false|",
        "authorization,x-custom|false|",
        "x-requested-with|false|",
        "authorization,,content-type|true|",
        "',,,,,,,,,,,,,,,,'|false|",
        "',,,,,,,,,,,,,,,'|true|",
        "authorization;content-type|true|split",
        "content-type;authorization|false|split",
    })
    void requestHeaderListsMustBeLowerCaseSortedUniqueAndAllowed(String value, boolean allowed, String split) {
        List<String> lines = split == null ? List.of(value) : Arrays.asList(value.split(";"));
        assertEquals(allowed, CorsPolicy.allowsRequestHeaders(lines));
    }
}
