package org.assisted.imageservice.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What to send for a {@code Range} request, following Go's {@code http.ServeContent} (spec
 * docs/upstream-behaviour.md#serving-semantics) with RFC 9110 §14 satisfiability.
 *
 * <p>Ranges are kept in request order and are neither sorted nor coalesced (as in Go); overlapping
 * or many small ranges are bounded instead by {@link RangeHeader#MAX_RANGES} and by the rule that
 * ranges adding up to more than the representation are answered with the full representation.
 */
public sealed interface RangeDecision {

    /** 200 with the whole representation. */
    record Full() implements RangeDecision {
    }

    /**
     * 206: one range as a single part, several as {@code multipart/byteranges} (RFC 9110 §14.6).
     *
     * @param ranges satisfiable ranges clipped to the representation, in request order; never empty
     */
    record Partial(List<ByteRange> ranges) implements RangeDecision {
        public Partial {
            if (ranges.isEmpty()) {
                throw new IllegalArgumentException("a partial response needs at least one range");
            }
            ranges = List.copyOf(ranges);
        }
    }

    /**
     * 416 with {@code Content-Range: bytes *}{@code /size} (RFC 9110 §15.5.17).
     *
     * @param malformed true for a syntax error, false when no range overlaps the representation
     */
    record Unsatisfiable(boolean malformed) implements RangeDecision {
    }

    /**
     * Decides the response to a parsed {@code Range} header for a representation of {@code size} bytes.
     *
     * <ul>
     *   <li>ignored header → full;</li>
     *   <li>malformed header → 416;</li>
     *   <li>no satisfiable range → 416, except for an empty representation → full (as Go);</li>
     *   <li>satisfiable ranges whose lengths add up to more than {@code size} → full (as Go);</li>
     *   <li>otherwise → partial with the satisfiable ranges (unsatisfiable ones are dropped).</li>
     * </ul>
     */
    static RangeDecision of(RangeHeader header, long size) {
        if (header.malformed()) {
            return new Unsatisfiable(true);
        }
        if (header.specs().isEmpty()) {
            return new Full();
        }
        List<ByteRange> ranges = new ArrayList<>(header.specs().size());
        long total = 0;
        for (RangeSpec spec : header.specs()) {
            Optional<ByteRange> range = spec.resolve(size);
            if (range.isPresent()) {
                if (range.get().length() > size - total) {
                    return new Full();
                }
                ranges.add(range.get());
                total += range.get().length();
            }
        }
        if (ranges.isEmpty()) {
            return size == 0 ? new Full() : new Unsatisfiable(false);
        }
        return new Partial(ranges);
    }
}
