package org.assisted.imageservice.testsupport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded, structure-unaware corruption of a byte image for the readers' fuzz loops: bit flips, integer fields
 * overwritten with boundary values, random bytes, truncation and duplicated blocks. Half of the point mutations
 * land in the caller's hot regions (superblocks, directories, headers), where a reader trusts lengths and offsets.
 */
public final class Mutator {

    /** What one step does. */
    public enum Kind { BIT_FLIP, BOUNDARY_VALUE, RANDOM_BYTES, TRUNCATE, DUPLICATE_BLOCK }

    /** Values a corrupt integer field takes most often: zero, all ones, the signed limits, off-by-one. */
    private static final List<Long> BOUNDARIES = List.of(0L, 1L, 0xFFL, 0x7FL, 0x80L, 0xFFFFL, 0x7FFFL, 0x8000L,
            0xFFFF_FFFFL, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFEL, Long.MAX_VALUE, -1L, Long.MIN_VALUE);
    private static final int[] FIELD_BYTES = {1, 2, 4, 8};
    private static final int[] BLOCK_BYTES = {64, 512, 2048, 4096};

    private final Random random;
    private final List<int[]> hotRegions;

    /** @param hotRegions {@code {offset, length}} pairs inside the images to be mutated */
    public Mutator(long seed, List<int[]> hotRegions) {
        this.random = new Random(seed);
        this.hotRegions = List.copyOf(hotRegions);
    }

    /** A mutated copy of {@code original}: one to {@code maxSteps} steps of random kinds. */
    public byte[] mutate(byte[] original, int maxSteps) {
        byte[] image = original.clone();
        int steps = 1 + random.nextInt(maxSteps);
        for (int i = 0; i < steps && image.length > 0; i++) {
            image = apply(Kind.values()[random.nextInt(Kind.values().length)], image);
        }
        return image;
    }

    /** One step of the given kind; returns the (possibly shorter) image. */
    public byte[] apply(Kind kind, byte[] image) {
        switch (kind) {
            case BIT_FLIP -> image[position(image.length, 1)] ^= (byte) (1 << random.nextInt(8));
            case BOUNDARY_VALUE -> writeBoundary(image);
            case RANDOM_BYTES -> {
                int length = 1 + random.nextInt(8);
                int at = position(image.length, length);
                for (int i = at; i < Math.min(image.length, at + length); i++) {
                    image[i] = (byte) random.nextInt(256);
                }
            }
            case TRUNCATE -> {
                return Arrays.copyOf(image, random.nextInt(image.length));
            }
            case DUPLICATE_BLOCK -> duplicateBlock(image);
            default -> throw new IllegalArgumentException(kind.toString());
        }
        return image;
    }

    /** A boundary value in a naturally aligned 1-, 2-, 4- or 8-byte field, little- or big-endian. */
    private void writeBoundary(byte[] image) {
        int width = FIELD_BYTES[random.nextInt(FIELD_BYTES.length)];
        if (image.length < width) {
            return;
        }
        int at = Math.min(position(image.length, width) / width * width, image.length - width);
        ByteBuffer field = ByteBuffer.allocate(Long.BYTES)
                .order(random.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        field.putLong(BOUNDARIES.get(random.nextInt(BOUNDARIES.size())));
        int from = field.order() == ByteOrder.LITTLE_ENDIAN ? 0 : Long.BYTES - width;
        System.arraycopy(field.array(), from, image, at, width);
    }

    /** Copies an aligned block over another one, as a misdirected write or a stale sector would. */
    private void duplicateBlock(byte[] image) {
        int size = BLOCK_BYTES[random.nextInt(BLOCK_BYTES.length)];
        int blocks = image.length / size;
        if (blocks < 2) {
            return;
        }
        int from = random.nextInt(blocks) * size;
        int to = position(image.length, size) / size * size;
        System.arraycopy(image, from, image, Math.min(to, (blocks - 1) * size), size);
    }

    /** A position for a change of {@code length} bytes: in a hot region half of the time. */
    private int position(int imageLength, int length) {
        if (!hotRegions.isEmpty() && random.nextBoolean()) {
            int[] region = hotRegions.get(random.nextInt(hotRegions.size()));
            int at = region[0] + random.nextInt(Math.max(1, region[1]));
            if (at < imageLength) {
                return Math.min(at, Math.max(0, imageLength - length));
            }
        }
        return random.nextInt(Math.max(1, imageLength - length + 1));
    }
}
