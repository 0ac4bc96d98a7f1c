package org.assisted.imageservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDatesTest {

    private static final Instant RFC_EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");

    /** The three forms of RFC 9110 §5.6.7's example date. */
    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
        "sun, 06 nov 1994 08:49:37 gmt",
        " Sun, 06 Nov 1994 08:49:37 GMT ",
    })
    void parsesAllThreeFormats(String value) {
        assertEquals(Optional.of(RFC_EXAMPLE), HttpDates.parse(value));
    }

    @Test
    void twoDigitYearsPivotAt1969() {
        assertEquals(Instant.parse("2068-01-02T00:00:00Z"), HttpDates.parse("Monday, 02-Jan-68 00:00:00 GMT").get());
        assertEquals(Instant.parse("1969-01-02T00:00:00Z"), HttpDates.parse("Thursday, 02-Jan-69 00:00:00 GMT").get());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
        "", "garbage", "0", "Mon, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 PST",
        "Sun, 06 Nov 1994 08:49:37", "Wed, 31 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:49:37 GMT",
        "Sun, 6 Nov 1994 08:49:37 GMT", "1994-11-06T08:49:37Z", "Sun, 06 Nov 1994 08:49:37 +0000",
    })
    void rejectsInvalidDates(String value) {
        assertEquals(Optional.empty(), HttpDates.parse(value));
    }

    @Test
    void nullIsNoDate() {
        assertEquals(Optional.empty(), HttpDates.parse(null));
    }

    @Test
    void formatsImfFixdateInGmtDroppingFractions() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(RFC_EXAMPLE.plusMillis(999)));
        assertEquals("Tue, 11 Jun 2024 10:20:30 GMT", HttpDates.format(Instant.parse("2024-06-11T10:20:30.5Z")));
    }

    /**
     * IMF-fixdate always has a two-digit day: RFC 1123's formatter in the JDK writes {@code 2 Dec}, which
     * a test once compared against and so failed from the 1st to the 9th of every month.
     */
    @ParameterizedTest(name = "[{0}]")
    @CsvSource({
        "2026-12-02T16:26:07Z, 'Wed, 02 Dec 2026 16:26:07 GMT'",
        "2026-12-10T00:00:00Z, 'Thu, 10 Dec 2026 00:00:00 GMT'",
        "2027-01-01T09:05:03Z, 'Fri, 01 Jan 2027 09:05:03 GMT'",
        "2026-02-28T23:59:59Z, 'Sat, 28 Feb 2026 23:59:59 GMT'",
    })
    void formatsOneAndTwoDigitDaysWithTwoDigits(String instant, String expected) {
        assertEquals(expected, HttpDates.format(Instant.parse(instant)));
        assertEquals(Optional.of(Instant.parse(instant)), HttpDates.parse(expected));
    }

    /** English names and GMT whatever the JVM's default locale and time zone. */
    @Test
    void formattingIgnoresTheDefaultLocaleAndTimeZone() {
        Locale locale = Locale.getDefault();
        java.util.TimeZone zone = java.util.TimeZone.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Pacific/Kiritimati"));
            assertEquals("Wed, 02 Dec 2026 16:26:08 GMT", HttpDates.format(Instant.parse("2026-12-02T16:26:08Z")));
            assertEquals(Optional.of(Instant.parse("2026-12-02T16:26:08Z")),
                    HttpDates.parse("WED, 02 DEC 2026 16:26:08 GMT"));
        } finally {
            Locale.setDefault(locale);
            java.util.TimeZone.setDefault(zone);
        }
    }
}
