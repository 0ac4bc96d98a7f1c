package org.assisted.imageservice.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one place tests start Debian tools: as oracles that read what the code under test wrote (xorriso, isoinfo,
 * 7z, gzip, GNU cpio), as builders of images our readers must read (mksquashfs, cpio; {@code xorriso -as mkisofs}
 * through {@link TestIsos}), and for the ITs' fixtures; {@link XorrisoReports} parses xorriso's reports. Every call
 * fails on a non-zero exit or a timeout, with the tool's output.
 */
public final class ExternalTools {

    /** What a tool printed and how it ended. */
    public record Result(int exitCode, byte[] stdout, String stderr) {

        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    private static final long TIMEOUT_SECONDS = 300;

    private ExternalTools() {
    }

    /**
     * Runs a tool, returning its standard output and error (merged, UTF-8).
     *
     * @throws IOException if it exits non-zero or runs longer than 5 minutes
     */
    public static String output(List<String> command) throws IOException {
        Path output = Files.createTempFile("tool-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        try {
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out after " + TIMEOUT_SECONDS + " s: " + command);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(command + " exited with " + process.exitValue() + ":\n" + text);
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted: " + command, e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** {@link #output(List)} of the words of a command. */
    public static String output(String... command) throws IOException {
        return output(List.of(command));
    }

    /** Runs {@code command} in {@code directory}; returns stdout, fails on a non-zero exit or timeout. */
    public static byte[] run(Path directory, String... command) throws IOException, InterruptedException {
        Path stderr = Files.createTempFile("tool-", ".err");
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

    /** Runs a shell pipeline in {@code directory}; {@code args} become {@code $1, $2, ...}. */
    public static byte[] shell(Path directory, String script, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        command.addAll(List.of(args));
        return run(directory, command.toArray(String[]::new));
    }

    /** Feeds {@code input} to the command's standard input; the caller judges the exit code. */
    public static Result pipe(byte[] input, String... command) throws IOException {
        Process process = new ProcessBuilder(List.of(command)).start();
        CompletableFuture<Void> feeder = CompletableFuture.runAsync(() -> {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        process.getInputStream().transferTo(stdout);
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + List.of(command));
            }
            feeder.exceptionally(e -> null).join();
            return new Result(process.exitValue(), stdout.toByteArray(),
                    new String(stderr.join(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** {@code gzip -dc}, failing on a non-zero exit. */
    public static byte[] gunzip(byte[] gzip) throws IOException {
        Result result = pipe(gzip, "gzip", "-dc");
        if (result.exitCode() != 0) {
            throw new IOException("gzip -dc failed: " + result.stderr());
        }
        return result.stdout();
    }

    /** {@code mksquashfs tree image -noappend -quiet options...}. */
    public static void mksquashfs(Path tree, Path image, List<String> options)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mksquashfs", tree.toString(), image.toString(), "-noappend",
                "-quiet"));
        command.addAll(options);
        run(tree, command.toArray(String[]::new));
    }

    /** GNU {@code cpio -o -H newc} of {@code names} (relative to {@code directory}) into {@code archive}. */
    public static void cpioNewc(Path directory, Path archive, String... names)
            throws IOException, InterruptedException {
        Path list = Files.createTempFile("cpio-", ".lst");
        try {
            Files.writeString(list, String.join("\n", names) + "\n");
            shell(directory, "cpio --quiet -o -H newc < \"$1\" > \"$2\"", list.toString(), archive.toString());
        } finally {
            Files.deleteIfExists(list);
        }
    }
}
