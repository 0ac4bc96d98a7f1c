package org.assisted.imageservice.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.TestIsos;

/**
 * The benchmark's base ISO: the RHCOS x86_64 layout of {@link TestIsos} with (by default) a 12 MiB kernel, a
 * 100 MiB initrd and a 1 GiB rootfs, whose extents are then overwritten in place with
 * pseudo-random (incompressible) bytes. Built once and reused while the spec string matches.
 */
final class BenchIso {

    static final String VERSION = "418.94.202501221327-0";
    private static final long MIB = 1024 * 1024;
    private static final Pattern LBA = Pattern.compile(
            "File data lba:\\s*\\d+\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*'([^']+)'");
    private static final List<String> RANDOMIZED = List.of(
            "/images/pxeboot/vmlinuz", "/images/pxeboot/initrd.img", "/images/pxeboot/rootfs.img");

    private BenchIso() {
    }

    static Path ensure(Path iso, long rootfsBytes) throws IOException {
        return ensure(iso, 12 * MIB, 100 * MIB, rootfsBytes);
    }

    /** The same layout with other sizes (the boot storm's small ISO). */
    static Path ensure(Path iso, long kernelBytes, long initrdBytes, long rootfsBytes) throws IOException {
        Path marker = iso.resolveSibling(iso.getFileName() + ".spec");
        String spec = "x86_64 kernel=" + kernelBytes + " initrd=" + initrdBytes + " rootfs=" + rootfsBytes
                + " random-v1";
        if (Files.exists(iso) && Files.exists(marker) && Files.readString(marker).equals(spec)) {
            return iso;
        }
        Files.deleteIfExists(marker);
        Files.createDirectories(iso.getParent());
        long start = System.nanoTime();
        TestIsos.x86_64("rhcos-" + VERSION).kernelSize(kernelBytes).initrdSize(initrdBytes).rootfsSize(rootfsBytes)
                .writeWithXorriso(iso);
        String report = ExternalTools.output(List.of("xorriso", "-indev", iso.toString(), "-find", "/images/pxeboot",
                "-type", "f", "-exec", "report_lba"));
        Matcher matcher = LBA.matcher(report);
        int randomized = 0;
        try (FileChannel channel = FileChannel.open(iso, StandardOpenOption.WRITE)) {
            while (matcher.find()) {
                if (RANDOMIZED.contains(matcher.group(4))) {
                    randomize(channel, Long.parseLong(matcher.group(1)) * 2048, Long.parseLong(matcher.group(3)));
                    randomized++;
                }
            }
        }
        if (randomized != RANDOMIZED.size()) {
            throw new IOException("found " + randomized + " of " + RANDOMIZED + " in xorriso's report:\n" + report);
        }
        Files.writeString(marker, spec);
        System.out.printf("built %s (%d bytes) in %.1f s%n", iso, Files.size(iso), (System.nanoTime() - start) / 1e9);
        return iso;
    }

    private static void randomize(FileChannel channel, long offset, long length) throws IOException {
        SplittableRandom random = new SplittableRandom(offset);
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) MIB);
        for (long done = 0; done < length; ) {
            buffer.clear();
            while (buffer.remaining() >= Long.BYTES) {
                buffer.putLong(random.nextLong());
            }
            buffer.flip();
            buffer.limit((int) Math.min(buffer.limit(), length - done));
            while (buffer.hasRemaining()) {
                done += channel.write(buffer, offset + done);
            }
        }
    }
}
