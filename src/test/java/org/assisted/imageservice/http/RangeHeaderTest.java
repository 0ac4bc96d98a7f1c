package org.assisted.imageservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RangeHeaderTest {

    private static final long MAX = Long.MAX_VALUE;

    /** Valid headers, written as the specs they parse to: {@code a-b} interval, {@code -n} suffix. */
    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
        "bytes=0-9                 | 0-9",
        "bytes=100-                | 100-" + MAX,
        "bytes=-100                | -100",
        "bytes=0-0,-1              | 0-0 -1",
        "BYTES=1-2                 | 1-2",
        "Bytes=1-2                 | 1-2",
        "bytes=0-9, 20-29 ,\t40-49 | 0-9 20-29 40-49",
        "bytes=,0-1,,              | 0-1",
        "'bytes= 0 - 1 '           | 0-1",
        "bytes=5-5                 | 5-5",
        "bytes=-0                  | -0",
        "bytes=007-010             | 7-10",
        "bytes=0-99999999999999999999999 | 0-" + MAX,
        "bytes=99999999999999999999999-  | " + MAX + "-" + MAX,
        "bytes=-99999999999999999999999  | -" + MAX,
        "bytes=9223372036854775807-9223372036854775807 | " + MAX + "-" + MAX,
    })
    void parsesRangeSpecs(String header, String expected) {
        RangeHeader parsed = RangeHeader.parse(header);
        assertEquals(false, parsed.malformed());
        assertEquals(expected, describe(parsed.specs()));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
        "bytes", "bytes=", "bytes= , ", "unknown", "unknown=", "bytes=-", "bytes=10-b", "bytes=b-10",
        "bytes 1-10", "bytes1-10", "bytes10-", "bytes-10", "bytes=5-4", "bytes=1-2-3", "bytes=--1",
        "bytes=+1-2", "bytes=1-+2", "bytes=-+2", "bytes=1", "bytes=0x10-20", "bytes =1-2", "=1-2",
        "bytes=1-2;3-4", "bytes=1 2-3", "bytes=\u0661-2",
    })
    void rejectsMalformedHeaders(String header) {
        assertSame(RangeHeader.MALFORMED, RangeHeader.parse(header));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"unknown=1-2", "bytesX=1-2", "Xbytes=1-2", "items=0-5", "  "})
    void ignoresOtherUnitsAndBlankHeaders(String header) {
        assertSame(RangeHeader.IGNORED, RangeHeader.parse(header));
    }

    @Test
    void absentHeaderIsIgnored() {
        assertSame(RangeHeader.IGNORED, RangeHeader.parse(null));
    }

    @Test
    void acceptsAtMostOneHundredRanges() {
        assertEquals(RangeHeader.MAX_RANGES, RangeHeader.parse(ranges(RangeHeader.MAX_RANGES)).specs().size());
        assertSame(RangeHeader.MALFORMED, RangeHeader.parse(ranges(RangeHeader.MAX_RANGES + 1)));
    }

    @Test
    void emptyElementsDoNotCountTowardsTheLimit() {
        String header = ranges(RangeHeader.MAX_RANGES) + ",,,,";
        assertEquals(RangeHeader.MAX_RANGES, RangeHeader.parse(header).specs().size());
    }

    private static String ranges(int count) {
        List<String> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            specs.add(i + "-" + i);
        }
        return "bytes=" + String.join(",", specs);
    }

    private static String describe(List<RangeSpec> specs) {
        List<String> parts = new ArrayList<>();
        for (RangeSpec spec : specs) {
            if (spec instanceof RangeSpec.Suffix suffix) {
                parts.add("-" + suffix.length());
            } else if (spec instanceof RangeSpec.Interval interval) {
                parts.add(interval.first() + "-" + interval.last());
            }
        }
        return String.join(" ", parts);
    }
}
