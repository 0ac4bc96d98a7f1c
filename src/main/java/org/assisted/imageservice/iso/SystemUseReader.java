package org.assisted.imageservice.iso;

import static org.assisted.imageservice.iso.LittleEndian.u32;
import static org.assisted.imageservice.iso.LittleEndian.u8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads the System Use Sharing Protocol entries (SUSP 1.12 §5) of one directory record, following {@code CE}
 * continuation areas, and keeps the Rock Ridge fields this service uses (RRIP 1.12 §4.1.1 {@code PX},
 * §4.1.4 {@code NM}, §4.1.6 {@code TF}).
 */
final class SystemUseReader {

    /** Continuation areas followed per directory record; real images use one or two. */
    private static final int MAX_CONTINUATION_AREAS = 32;
    private static final int ENTRY_HEADER_BYTES = 4;
    private static final int CE_BYTES = 28;
    private static final int NM_CONTINUE = 0x01;
    private static final int NM_CURRENT_OR_PARENT = 0x06;
    private static final int PX_WITH_IDS_BYTES = 36;
    private static final int TF_HEADER_BYTES = 5;
    private static final int TF_MODIFY = 1;
    private static final int TF_ACCESS = 2;
    private static final int TF_ATTRIBUTES = 3;
    private static final int TF_LAST_TIME = 6;
    private static final int TF_LONG_FORM = 0x80;

    /**
     * Rock Ridge fields of one record.
     *
     * @param name     the {@code NM} name, or {@code null} when the record has none
     * @param mode     the {@code PX} file mode, if present
     * @param uid      the {@code PX} user id, 0 when absent
     * @param gid      the {@code PX} group id, 0 when absent
     * @param modified the {@code TF} modification time, or {@code null}
     * @param accessed the {@code TF} access time, or {@code null}
     * @param changed  the {@code TF} attribute change time, or {@code null}
     */
    record Fields(String name, OptionalInt mode, long uid, long gid, Instant modified, Instant accessed,
                  Instant changed) {

        static Fields none() {
            return new Fields(null, OptionalInt.empty(), 0, 0, null, null, null);
        }
    }

    private ByteArrayOutputStream name;
    private boolean nameComplete;
    private OptionalInt mode = OptionalInt.empty();
    private long uid;
    private long gid;
    private final Instant[] times = new Instant[TF_LAST_TIME + 1];
    private long continuation;
    private long continuationLength;

    /**
     * Returns the SUSP skip length (SUSP §5.3 {@code SP}) if the area starts with an {@code SP} entry, else -1.
     *
     * @param record the root directory's first record; the area is {@code [from, to)}
     */
    static int spSkipLength(byte[] record, int from, int to) {
        boolean sp = to - from >= 7 && record[from] == 'S' && record[from + 1] == 'P' && u8(record, from + 2) >= 7
                && u8(record, from + 4) == 0xBE && u8(record, from + 5) == 0xEF;
        return sp ? u8(record, from + 6) : -1;
    }

    /**
     * @param record       the bytes holding the record; its System Use area is {@code [from, to)}
     * @param recordOffset absolute image offset of {@code record[0]}
     */
    static Fields read(ImageReader reader, byte[] record, int from, int to, long recordOffset) throws IOException {
        SystemUseReader state = new SystemUseReader();
        Set<Long> visited = new HashSet<>();
        byte[] area = record;
        int pos = from;
        int end = to;
        long areaOffset = recordOffset;
        while (true) {
            state.continuation = -1;
            state.readArea(area, pos, end, areaOffset);
            long next = state.continuation;
            if (next < 0) {
                return state.fields();
            }
            if (visited.size() >= MAX_CONTINUATION_AREAS || !visited.add(next)) {
                throw new IsoFormatException(next, "System Use continuation areas loop or exceed "
                        + MAX_CONTINUATION_AREAS + " per directory record");
            }
            if (state.continuationLength > IsoSectors.SECTOR_BYTES) {
                throw new IsoFormatException(next, "System Use continuation area of " + state.continuationLength
                        + " bytes exceeds one sector");
            }
            area = reader.read(next, state.continuationLength, "System Use continuation area");
            pos = 0;
            end = area.length;
            areaOffset = next;
        }
    }

    private void readArea(byte[] area, int from, int end, long areaOffset) throws IsoFormatException {
        int pos = from;
        while (end - pos >= ENTRY_HEADER_BYTES && !(area[pos] == 0 && area[pos + 1] == 0)) {
            int length = u8(area, pos + 2);
            String signature = signature(area, pos);
            if (length < ENTRY_HEADER_BYTES || length > end - pos) {
                throw new IsoFormatException(areaOffset + pos, "System Use entry '" + signature + "' has length "
                        + length + " but " + (end - pos) + " bytes remain");
            }
            if (signature.equals("ST")) {
                return;
            }
            readEntry(signature, area, pos, length, areaOffset + pos);
            pos += length;
        }
    }

    private void readEntry(String signature, byte[] area, int pos, int length, long offset) throws IsoFormatException {
        switch (signature) {
            case "CE" -> {
                requireLength(length, CE_BYTES, signature, offset);
                continuation = IsoSectors.offset(u32(area, pos + 4)) + u32(area, pos + 12);
                continuationLength = u32(area, pos + 20);
            }
            case "PX" -> {
                requireLength(length, 12, signature, offset);
                mode = OptionalInt.of((int) u32(area, pos + 4));
                if (length >= PX_WITH_IDS_BYTES) {
                    uid = u32(area, pos + 20);
                    gid = u32(area, pos + 28);
                }
            }
            case "TF" -> readTimes(area, pos, length);
            case "NM" -> {
                requireLength(length, 5, signature, offset);
                int flags = u8(area, pos + 4);
                if (!nameComplete && (flags & NM_CURRENT_OR_PARENT) == 0) {
                    name = name == null ? new ByteArrayOutputStream() : name;
                    name.write(area, pos + 5, length - 5);
                    nameComplete = (flags & NM_CONTINUE) == 0;
                }
            }
            default -> {
            }
        }
    }

    /** {@code TF}: one date per flag bit, in bit order; times that do not fit the entry are ignored. */
    private void readTimes(byte[] area, int pos, int length) {
        int flags = u8(area, pos + 4);
        boolean longForm = (flags & TF_LONG_FORM) != 0;
        int dateBytes = longForm ? IsoDateFields.DATE17_BYTES : IsoDateFields.DATE7_BYTES;
        int at = pos + TF_HEADER_BYTES;
        for (int bit = 0; bit <= TF_LAST_TIME && at + dateBytes <= pos + length; bit++) {
            if ((flags & (1 << bit)) != 0) {
                times[bit] = (longForm ? IsoDateFields.date17(area, at) : IsoDateFields.date7(area, at))
                        .map(OffsetDateTime::toInstant).orElse(null);
                at += dateBytes;
            }
        }
    }

    private Fields fields() {
        return new Fields(name == null ? null : name.toString(StandardCharsets.UTF_8), mode, uid, gid,
                times[TF_MODIFY], times[TF_ACCESS], times[TF_ATTRIBUTES]);
    }

    private static void requireLength(int length, int minimum, String signature, long offset) throws IsoFormatException {
        if (length < minimum) {
            throw new IsoFormatException(offset, "System Use entry '" + signature + "' has length " + length
                    + ", needs at least " + minimum);
        }
    }

    private static String signature(byte[] area, int pos) {
        return new String(area, pos, 2, StandardCharsets.ISO_8859_1);
    }
}
