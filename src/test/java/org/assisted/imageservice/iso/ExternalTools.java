package org.assisted.imageservice.iso;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs GNU tools (gzip, cpio) as independent readers of what the code under test writes. */
public final class ExternalTools {

    /** What a tool printed and how it ended. */
    public record Result(int exitCode, byte[] stdout, String stderr) {
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    private ExternalTools() {
    }

    /** Feeds {@code input} to the command's standard input. */
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
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + List.of(command));
            }
            feeder.exceptionally(e -> null).join();
            return new Result(process.exitValue(), stdout.toByteArray(), new String(stderr.join(), StandardCharsets.UTF_8));
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
}
