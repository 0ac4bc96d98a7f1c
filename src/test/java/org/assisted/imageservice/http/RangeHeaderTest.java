package org.assisted.imageservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assisted.imageservice.testsupport.FuzzLoop;
import org.assisted.imageservice.testsupport.Mutator;
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

    /**
     * Seeded fuzzing: mutated valid headers and headers spliced from range-grammar pieces never throw, never
     * yield more than {@link RangeHeader#MAX_RANGES} specs, and every decision stays inside the representation.
     */
    @Test
    void mutatedAndSplicedHeadersNeverThrowAndDecideInsideTheRepresentation() {
        List<String> seeds = List.of("bytes=0-9", "bytes=0-9, 20-29 ,\t40-49", "bytes=-100", "bytes=100-",
                "items=0-1", ranges(RangeHeader.MAX_RANGES), "bytes=9223372036854775807-9223372036854775807");
        String[] pieces = {"bytes", "BYTES", "=", "-", ",", " ", "\t", "0", "9", "18446744073709551616", ";",
            "*", "/", "9223372036854775807", "-0", "", "\u0661"};
        Mutator mutator = new Mutator(9110, List.of());
        Random random = new Random(9110);
        long[] sizes = {0, 1, 10, 1000, Long.MAX_VALUE};
        FuzzLoop loop = new FuzzLoop(10_000, Duration.ofSeconds(10), Duration.ofSeconds(1), 4L << 20, List.of());
        loop.run(i -> {
            String header;
            if (i % 2 == 0) {
                byte[] seed = seeds.get(i / 2 % seeds.size()).getBytes(StandardCharsets.ISO_8859_1);
                header = new String(mutator.mutate(seed, 4), StandardCharsets.ISO_8859_1);
            } else {
                StringBuilder spliced = new StringBuilder();
                for (int p = random.nextInt(12); p >= 0; p--) {
                    spliced.append(pieces[random.nextInt(pieces.length)]);
                }
                header = spliced.toString();
            }
            RangeHeader parsed = RangeHeader.parse(header);
            assertTrue(parsed.specs().size() <= RangeHeader.MAX_RANGES, header);
            assertTrue(!parsed.malformed() || parsed.specs().isEmpty(), header);
            for (long size : sizes) {
                assertInside(RangeDecision.of(parsed, size), size, header);
            }
        });
    }

    private static void assertInside(RangeDecision decision, long size, String header) {
        if (decision instanceof RangeDecision.Partial partial) {
            long total = 0;
            for (ByteRange range : partial.ranges()) {
                assertTrue(range.first() >= 0 && range.last() < size, header + " at size " + size + ": " + range);
                total += range.length();
            }
            assertTrue(total <= size, header + " at size " + size);
        } else if (decision instanceof RangeDecision.Unsatisfiable unsatisfiable) {
            assertTrue(unsatisfiable.malformed() || size > 0, header + ": an empty representation is never 416");
        }
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
