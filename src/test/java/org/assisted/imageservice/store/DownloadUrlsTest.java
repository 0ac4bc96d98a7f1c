package org.assisted.imageservice.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DownloadUrlsTest {

    @Test
    void addsParamsToTheExistingQueryAndSortsKeys() {
        URI url = URI.create("https://m.example/a%20b/x.iso?z=1&foo=old&a=x+y#frag");
        URI result = DownloadUrls.withQueryParams(url, Map.of("foo", "bar", "bar", "foo"));
        assertEquals("https://m.example/a%20b/x.iso?a=x+y&bar=foo&foo=old&foo=bar&z=1#frag", result.toString());
    }

    @Test
    void encodesLikeGoQueryEscape() {
        URI result = DownloadUrls.withQueryParams(URI.create("http://h/p"), Map.of("k y", "a*b~c/d=é&"));
        assertEquals("http://h/p?k+y=a%2Ab~c%2Fd%3D%C3%A9%26", result.toString());
    }

    @Test
    void leavesTheUrlAloneWithoutParams() {
        URI url = URI.create("http://h/p?b=2&a=1");
        assertEquals(url, DownloadUrls.withQueryParams(url, Map.of()));
    }

    @ParameterizedTest
    @CsvSource({
        "https://user:pw@m.example:8443/p/x.iso?token=s#f, https://m.example:8443/p/x.iso",
        "http://m.example/x.iso, http://m.example/x.iso",
        "file:///data/x.iso, file:///data/x.iso"})
    void redactsUserInfoQueryAndFragment(String url, String expected) {
        assertEquals(expected, DownloadUrls.redact(URI.create(url)));
    }

    @Test
    void scrubsQueriesOfUrlsQuotedInMessages() {
        assertEquals("Circular redirect to 'https://m.example/x.iso?...'",
                DownloadUrls.scrub("Circular redirect to 'https://m.example/x.iso?token=secret&a=b'"));
        assertEquals("no url here", DownloadUrls.scrub("no url here"));
        assertEquals("Invalid redirect URI: http://h:1/a b.iso?...",
                DownloadUrls.scrub("Invalid redirect URI: http://user:pw@h:1/a b.iso?token=secret"));
        assertEquals("to 'https://h/x?...' and 'ftp://g/'", DownloadUrls.scrub("to 'https://u@h/x#frag' and 'ftp://a:b@g/'"));
    }
}
