package org.assisted.imageservice.iso.write;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.assisted.imageservice.iso.IsoTreeAttributes;

/**
 * System Use Sharing Protocol (SUSP 1.10) and Rock Ridge (RRIP 1.10, "RRIP_1991A") entries: each entry is
 * signature (2), length (1), version 1, then its data. Numbers are both-byte-order fields.
 */
final class RockRidge {

    static final int CE_BYTES = 28;

    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int PX_BYTES = 36;
    private static final int NM_HEADER_BYTES = 5;
    private static final int NM_MAX_NAME_BYTES = 250;
    private static final int NM_CONTINUE = 0x01;
    private static final int TF_MODIFY_ACCESS_ATTRIBUTES = 0x02 | 0x04 | 0x08;
    private static final String ER_ID = "RRIP_1991A";
    private static final String ER_DESCRIPTOR =
            "THE ROCK RIDGE INTERCHANGE PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS";
    private static final String ER_SOURCE = "PLEASE CONTACT DISC PUBLISHER FOR SPECIFICATION SOURCE.  "
            + "SEE PUBLISHER IDENTIFIER IN PRIMARY VOLUME DESCRIPTOR FOR CONTACT INFORMATION.";

    private RockRidge() {
    }

    /** {@code SP} (SUSP §5.3): first entry of the root's "." record, no bytes skipped. */
    static byte[] sp() {
        byte[] entry = header("SP", 7);
        entry[4] = (byte) 0xBE;
        entry[5] = (byte) 0xEF;
        return entry;
    }

    /** {@code ER} (SUSP §5.5) announcing RRIP 1.10. */
    static byte[] er() {
        byte[] id = ER_ID.getBytes(StandardCharsets.US_ASCII);
        byte[] descriptor = ER_DESCRIPTOR.getBytes(StandardCharsets.US_ASCII);
        byte[] source = ER_SOURCE.getBytes(StandardCharsets.US_ASCII);
        byte[] entry = header("ER", 8 + id.length + descriptor.length + source.length);
        entry[4] = (byte) id.length;
        entry[5] = (byte) descriptor.length;
        entry[6] = (byte) source.length;
        entry[7] = 1;
        System.arraycopy(id, 0, entry, 8, id.length);
        System.arraycopy(descriptor, 0, entry, 8 + id.length, descriptor.length);
        System.arraycopy(source, 0, entry, 8 + id.length + descriptor.length, source.length);
        return entry;
    }

    /** {@code PX} (RRIP §4.1.1): mode with file-type bits, links, uid, gid. */
    static byte[] px(IsoTreeAttributes attributes, boolean directory, int links) {
        byte[] entry = header("PX", PX_BYTES);
        IsoWriterFields.putBoth32(entry, 4, attributes.mode() | (directory ? S_IFDIR : S_IFREG));
        IsoWriterFields.putBoth32(entry, 12, links);
        IsoWriterFields.putBoth32(entry, 20, attributes.uid());
        IsoWriterFields.putBoth32(entry, 28, attributes.gid());
        return entry;
    }

    /** {@code TF} (RRIP §4.1.6): modify, access and attribute-change times as 7-byte dates. */
    static byte[] tf(IsoTreeAttributes attributes) {
        byte[] entry = header("TF", 5 + 3 * IsoWriterFields.DATE7_BYTES);
        entry[4] = TF_MODIFY_ACCESS_ATTRIBUTES;
        System.arraycopy(IsoWriterFields.date7(attributes.modified()), 0, entry, 5, IsoWriterFields.DATE7_BYTES);
        System.arraycopy(IsoWriterFields.date7(attributes.accessed()), 0, entry, 12, IsoWriterFields.DATE7_BYTES);
        System.arraycopy(IsoWriterFields.date7(attributes.changed()), 0, entry, 19, IsoWriterFields.DATE7_BYTES);
        return entry;
    }

    /** {@code NM} (RRIP §4.1.4): the real name in UTF-8, split into CONTINUE parts of at most 250 bytes. */
    static List<byte[]> nm(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        List<byte[]> entries = new ArrayList<>();
        for (int start = 0; start < bytes.length; start += NM_MAX_NAME_BYTES) {
            int end = Math.min(bytes.length, start + NM_MAX_NAME_BYTES);
            byte[] entry = header("NM", NM_HEADER_BYTES + end - start);
            entry[4] = (byte) (end < bytes.length ? NM_CONTINUE : 0);
            System.arraycopy(bytes, start, entry, NM_HEADER_BYTES, end - start);
            entries.add(entry);
        }
        return entries;
    }

    /** {@code CE} (SUSP §5.1): where the rest of the System Use entries continue. */
    static byte[] ce(long sector, long offset, long length) {
        byte[] entry = header("CE", CE_BYTES);
        IsoWriterFields.putBoth32(entry, 4, sector);
        IsoWriterFields.putBoth32(entry, 12, offset);
        IsoWriterFields.putBoth32(entry, 20, length);
        return entry;
    }

    static int totalLength(List<byte[]> entries) {
        return entries.stream().mapToInt(e -> e.length).sum();
    }

    private static byte[] header(String signature, int length) {
        byte[] entry = Arrays.copyOf(signature.getBytes(StandardCharsets.US_ASCII), length);
        entry[2] = (byte) length;
        entry[3] = 1;
        return entry;
    }
}
