package org.assisted.imageservice.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoVersionTest {

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "1.0", "1", "v1.2.3", "1.2-5", "1.2-beta.5", "1.2.0-x.Y.0+metadata",
        "1.2.3-rc1-with-hyphen", "1.2.3.4", "1.2.0-X-1.2.0+metadata~dist", "1.7rc2", "v1.7rc2", "1.0-",
        "4.17.0-ec.1", "48.84.202109241901-0", "4.18.0-0.nightly-2024-10-01-000000", "1.4.9223372036854775807"})
    void acceptsTheLibraryGrammar(String text) {
        GoVersion.parse(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "latest", "x86_64-latest", "1.2.beta", "1.21.beta", "foo", "\n1.2", "1.2\n", "foo1.2.3",
        "1.2.3 ", "1.9223372036854775808", "4.18+"})
    void rejectsEverythingElse(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoVersion.parse(text));
        assertEquals(true, e.getMessage().startsWith("malformed version: "));
    }

    @ParameterizedTest(name = "{0} vs 4.18.0-ec.0 -> {1}")
    @CsvSource({
        "4.18, 1", "4.18.0-ec.0, 0", "4.18.0-rc.1, 1", "4.19, 1", "4.17.9, -1",
        "4.18.0-0.nightly-2024-10-01-000000, -1", "418.94.202501221327-0, 1", "48.84.202109241901-0, 1"})
    void comparesAgainstTheNmstateThreshold(String version, int expected) {
        assertEquals(expected, Integer.signum(GoVersion.parse(version).compareTo(GoVersion.parse("4.18.0-ec.0"))));
    }

    @ParameterizedTest(name = "{0} <=> {1} = {2}")
    @CsvSource({
        "1.2.3, 1.4.5, -1", "1.2-beta, 1.2-beta, 0", "1.2, 1.1.4, 1", "1.2, 1.2-beta, 1", "1.2+foo, 1.2+beta, 0",
        "v1.2, v1.2-beta, 1", "v1.2.3.4, v1.2.3.4, 0", "v1.2.0.0, v1.2, 0", "v1.2.0.0.1, v1.2, 1", "v1.2, v1.2.0.0, 0",
        "v1.2, v1.2.0.0.1, -1", "v1.2.3.0, v1.2.3.4, -1", "1.7rc2, 1.7rc1, 1", "1.7rc2, 1.7, -1",
        "1.2.0, 1.2.0-X-1.2.0+metadata~dist, 1", "1.0.2alpha, 1.0.2-alpha, 0", "v1.0.3-, v1.0.3, -1",
        "4.10.1, 4.10, 1", "4.10, 4.10.0, 0", "17.03.0-ce, 17.3.0-ce, 0"})
    void comparesSegmentsZeroPadded(String a, String b, int expected) {
        assertEquals(expected, Integer.signum(GoVersion.parse(a).compareTo(GoVersion.parse(b))));
        assertEquals(-expected, Integer.signum(GoVersion.parse(b).compareTo(GoVersion.parse(a))));
    }

    @ParameterizedTest(name = "{0} <=> {1} = {2}")
    @CsvSource({
        "1.2-beta.2, 1.2-beta.2, 0", "1.2-beta.1, 1.2-beta.2, -1", "1.2-beta.2, 1.2-beta.11, -1",
        "3.2-alpha.1, 3.2-alpha, 1", "1.2-beta, 1.2-beta.3, -1", "1.2-alpha, 1.2-beta.3, -1", "1.2-beta, 1.2-alpha.3, 1",
        "3.0-alpha.3, 3.0-rc.1, -1", "3.0-alpha3, 3.0-rc1, -1", "3.0-alpha.1, 3.0-alpha.beta, -1",
        "5.4-alpha, 5.4-alpha.beta, 1", "v3.2-rc.1-1-g123, v3.2-rc.2, 1", "4.17.0-ec.1, 4.17.0-ec.0, 1",
        "4.17.0-rc.0, 4.17.0-ec.9, 1", "1.0-2, 1.0-10, -1", "1.0-a.2, 1.0-a.B, -1", "1.0-B, 1.0-a, -1"})
    void comparesPrereleasesIdentifierByIdentifier(String a, String b, int expected) {
        assertEquals(expected, Integer.signum(GoVersion.parse(a).compareTo(GoVersion.parse(b))));
    }

    @ParameterizedTest(name = "{0} <=> {1} = {2}")
    @CsvSource({
        // pre-releases only count when both have the same number of segments
        "1.2.0.0-beta, 1.2, 0", "1.2.0.0-beta, 1.2.0.0, -1",
        // an identifier too large for int64 is not numeric but keeps the saturated value: each side wins
        "1.0-99999999999999999999, 1.0-a, 1", "1.0-a, 1.0-99999999999999999999, 1",
        // a missing identifier is below a non-numeric one and above a numeric one
        "1.0-a.1, 1.0-a, 1", "1.0-a.b, 1.0-a, -1"})
    void keepsTheLibraryQuirks(String a, String b, int expected) {
        assertEquals(expected, Integer.signum(GoVersion.parse(a).compareTo(GoVersion.parse(b))));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1.2-beta, 1.2.0-beta", "17.03.0-ce, 17.3.0-ce", "v1.2.3.4, 1.2.3.4", "1.2.0-x.Y.0+metadata, 1.2.0-x.Y.0+metadata",
        "1.2.0-metadata-1.2.0+metadata~dist, 1.2.0-metadata-1.2.0+metadata~dist", "1.7rc2, 1.7.0-rc2"})
    void printsTheCanonicalForm(String text, String canonical) {
        assertEquals(canonical, GoVersion.parse(text).toString());
    }
}
