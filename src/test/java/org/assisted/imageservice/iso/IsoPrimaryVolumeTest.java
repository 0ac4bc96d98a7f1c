package org.assisted.imageservice.iso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IsoPrimaryVolumeTest {

    private static final int PVD_OFFSET = 16 * 2048;

    @TempDir
    Path dir;

    @Test
    void readsTheFieldsOfTheDescriptorInSector16() throws IOException {
        byte[] image = image(1);
        Path iso = Files.write(dir.resolve("a.iso"), image);
        IsoPrimaryVolume pvd = IsoPrimaryVolume.readFirst(iso);
        assertEquals(PVD_OFFSET, pvd.offset());
        assertEquals("rhcos-418", pvd.volumeId());
        assertEquals("LINUX", pvd.systemId());
        assertEquals("", pvd.publisherId());
        assertEquals(1234, pvd.volumeSpaceSize());
        assertEquals(2048, pvd.logicalBlockSize());
        assertEquals(1234L * 2048, pvd.volumeBytes());
        assertEquals(Optional.of(OffsetDateTime.of(2025, 1, 22, 13, 27, 0, 0, ZoneOffset.ofHours(1))), pvd.created());
        assertEquals(Optional.empty(), pvd.expires());
    }

    @Test
    void aFileEndingInsideTheDescriptorIsTooShort() throws IOException {
        Path iso = Files.write(dir.resolve("short.iso"), Arrays.copyOf(image(1), PVD_OFFSET + 136));
        IOException e = assertThrows(IOException.class, () -> IsoPrimaryVolume.readFirst(iso));
        assertEquals(iso + " is too short to hold an ISO 9660 primary volume descriptor", e.getMessage());
    }

    @Test
    void anotherDescriptorTypeInSector16IsRefusedNamingTheOffset() throws IOException {
        Path iso = Files.write(dir.resolve("boot.iso"), image(0));
        IOException e = assertThrows(IOException.class, () -> IsoPrimaryVolume.readFirst(iso));
        assertEquals(iso + " has no ISO 9660 primary volume descriptor at offset 32768", e.getMessage());
    }

    /** System Area, then one descriptor of {@code type} filled as ECMA-119 §8.4 lays out a primary one. */
    private static byte[] image(int type) {
        ByteBuffer b = ByteBuffer.allocate(PVD_OFFSET + 2048).order(ByteOrder.LITTLE_ENDIAN);
        b.put(PVD_OFFSET, (byte) type);
        b.put(PVD_OFFSET + 1, "CD001".getBytes(StandardCharsets.US_ASCII));
        byte[] spaces = new byte[128];
        Arrays.fill(spaces, (byte) ' ');
        b.put(PVD_OFFSET + 318, spaces);
        spaces = Arrays.copyOf(spaces, 32);
        b.put(PVD_OFFSET + 8, spaces).put(PVD_OFFSET + 8, "LINUX".getBytes(StandardCharsets.US_ASCII));
        b.put(PVD_OFFSET + 40, spaces).put(PVD_OFFSET + 40, "rhcos-418".getBytes(StandardCharsets.US_ASCII));
        b.putInt(PVD_OFFSET + 80, 1234).order(ByteOrder.BIG_ENDIAN).putInt(PVD_OFFSET + 84, 1234);
        b.order(ByteOrder.LITTLE_ENDIAN).putShort(PVD_OFFSET + 128, (short) 2048);
        b.put(PVD_OFFSET + 813, "2025012213270000".getBytes(StandardCharsets.US_ASCII)).put(PVD_OFFSET + 829, (byte) 4);
        return b.array();
    }
}
