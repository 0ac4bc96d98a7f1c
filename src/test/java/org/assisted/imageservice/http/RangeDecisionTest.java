package org.assisted.imageservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RangeDecisionTest {

    /**
     * Cases of Tomcat's TestDefaultServletRangeRequests plus Go ServeContent's rules. Expected:
     * {@code full}, {@code malformed}, {@code no-overlap}, or the resolved ranges.
     */
    @ParameterizedTest(name = "[{0}] of {1} bytes")
    @CsvSource(delimiter = '|', value = {
        "                    | 1000 | full",
        "bytes=0-9           | 1000 | 0-9",
        "bytes=0-9,10-10     | 1000 | 0-9 10-10",
        "bytes=-100          | 1000 | 900-999",
        "bytes=100-          | 1000 | 100-999",
        "bytes=0-1000        | 1000 | 0-999",
        "bytes=-1000         | 1000 | 0-999",
        "bytes=-5000         | 1000 | 0-999",
        "bytes=0-            | 1000 | 0-999",
        "bytes=999-          | 1000 | 999-999",
        "bytes=1000-2000     | 1000 | no-overlap",
        "bytes=1000-,2000-   | 1000 | no-overlap",
        "bytes=-0            | 1000 | no-overlap",
        "bytes=1000-,5-6     | 1000 | 5-6",
        "bytes=5-6,-0,20-    | 1000 | 5-6 20-999",
        "bytes=0-499,500-999 | 1000 | 0-499 500-999",
        "bytes=0-500,500-999 | 1000 | full",
        "bytes=0-,0-         | 1000 | full",
        "bytes=9-0           | 1000 | malformed",
        "bytes=x             | 1000 | malformed",
        "bytes=              | 1000 | malformed",
        "unknown=1-2         | 1000 | full",
        "bytes=0-            | 0    | full",
        "bytes=-1            | 0    | full",
        "bytes=5-9           | 0    | full",
        "bytes=x             | 0    | malformed",
        "bytes=0-0           | 1    | 0-0",
        "bytes=0-99999999999999999999 | 1000 | 0-999",
        "bytes=99999999999999999999-  | 1000 | no-overlap",
    })
    void decidesLikeServeContent(String header, long size, String expected) {
        assertEquals(expected, describe(RangeDecision.of(RangeHeader.parse(header), size)));
    }

    private static String describe(RangeDecision decision) {
        if (decision instanceof RangeDecision.Unsatisfiable unsatisfiable) {
            return unsatisfiable.malformed() ? "malformed" : "no-overlap";
        }
        if (decision instanceof RangeDecision.Partial partial) {
            List<String> parts = new ArrayList<>();
            partial.ranges().forEach(r -> parts.add(r.first() + "-" + r.last()));
            return String.join(" ", parts);
        }
        return "full";
    }
}
