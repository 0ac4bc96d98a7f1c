package org.assisted.imageservice.http;

import java.util.Optional;

/**
 * One {@code range-spec} of a {@code Range: bytes=...} header (RFC 9110 §14.1.1), before the
 * representation size is known.
 */
public sealed interface RangeSpec {

    /**
     * Resolves the spec against a representation of {@code size} bytes, clipping the end to
     * {@code size - 1}; empty when the spec is unsatisfiable for that size.
     */
    Optional<ByteRange> resolve(long size);

    /**
     * {@code first-pos "-" [ last-pos ]}; satisfiable if {@code first < size}.
     *
     * @param first first-pos
     * @param last  last-pos, or {@link Long#MAX_VALUE} when absent or larger than a {@code long}
     */
    record Interval(long first, long last) implements RangeSpec {
        @Override
        public Optional<ByteRange> resolve(long size) {
            if (first >= size) {
                return Optional.empty();
            }
            return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
        }
    }

    /**
     * {@code "-" suffix-length}: the last {@code length} bytes; satisfiable if the length is non-zero
     * and the representation is not empty.
     *
     * @param length suffix-length, or {@link Long#MAX_VALUE} when larger than a {@code long}
     */
    record Suffix(long length) implements RangeSpec {
        @Override
        public Optional<ByteRange> resolve(long size) {
            if (length == 0 || size == 0) {
                return Optional.empty();
            }
            return Optional.of(new ByteRange(size - Math.min(length, size), size - 1));
        }
    }
}
