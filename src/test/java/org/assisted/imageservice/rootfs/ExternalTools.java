package org.assisted.imageservice.rootfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the Debian tools the rootfs tests use as fixture builders and oracles. */
public final class ExternalTools {

    private static final long TIMEOUT_SECONDS = 120;
    private static final long SECTOR_BYTES = 2048;
    private static final Pattern REPORT_LBA = Pattern.compile(
            "File data lba:\\s+\\d+\\s*,\\s*(\\d+)\\s*,\\s*\\d+\\s*,\\s*(\\d+)\\s*,");

    private ExternalTools() {
    }

    /** Runs {@code command} in {@code directory}; returns stdout, fails on a non-zero exit or timeout. */
    public static byte[] run(Path directory, String... command) throws IOException, InterruptedException {
        Path stderr = Files.createTempFile("rootfs-tool-", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectError(stderr.toFile()).start();
            process.getOutputStream().close();
            byte[] out;
            try (InputStream in = process.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + List.of(command));
            }
            if (process.exitValue() != 0) {
                throw new IOException(List.of(command) + " exited with " + process.exitValue() + ": "
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return out;
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    /** Runs a shell pipeline; {@code args} become {@code $1, $2, ...}. */
    static byte[] shell(Path directory, String script, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 4];
        command[0] = "sh";
        command[1] = "-c";
        command[2] = script;
        command[3] = "sh";
        System.arraycopy(args, 0, command, 4, args.length);
        return run(directory, command);
    }

    public static void mksquashfs(Path tree, Path image, List<String> options) throws IOException, InterruptedException {
        String[] command = new String[5 + options.size()];
        command[0] = "mksquashfs";
        command[1] = tree.toString();
        command[2] = image.toString();
        command[3] = "-noappend";
        command[4] = "-quiet";
        for (int i = 0; i < options.size(); i++) {
            command[5 + i] = options.get(i);
        }
        run(tree, command);
    }

    /** GNU {@code cpio -o -H newc} of {@code names} (relative to {@code directory}) into {@code archive}. */
    static void cpioNewc(Path directory, Path archive, String... names) throws IOException, InterruptedException {
        Path list = Files.createTempFile("rootfs-cpio-", ".lst");
        try {
            Files.writeString(list, String.join("\n", names) + "\n");
            shell(directory, "cpio --quiet -o -H newc < \"$1\" > \"$2\"", list.toString(), archive.toString());
        } finally {
            Files.deleteIfExists(list);
        }
    }

    /** Builds an ISO (Rock Ridge + Joliet) of {@code tree} with xorriso's mkisofs emulation. */
    static void mkisofs(Path tree, Path iso) throws IOException, InterruptedException {
        run(tree, "xorriso", "-as", "mkisofs", "-quiet", "-R", "-J", "-o", iso.toString(), tree.toString());
    }

    /** Byte offset and size of {@code isoPath} inside {@code iso}, from xorriso's {@code report_lba}. */
    static long[] extent(Path iso, String isoPath) throws IOException, InterruptedException {
        String report = new String(run(iso.getParent(), "xorriso", "-indev", iso.toString(), "-find", isoPath,
                "-exec", "report_lba", "--"), StandardCharsets.UTF_8);
        Matcher m = REPORT_LBA.matcher(report);
        if (!m.find()) {
            throw new IOException("no report_lba line for " + isoPath + " in: " + report);
        }
        return new long[] {Long.parseLong(m.group(1)) * SECTOR_BYTES, Long.parseLong(m.group(2))};
    }
}
