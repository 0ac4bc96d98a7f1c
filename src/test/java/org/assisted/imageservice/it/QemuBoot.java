package org.assisted.imageservice.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Boots Debian's kernel ({@code linux-image-amd64}, {@code /boot/vmlinuz-*}) with an initrd in
 * {@code qemu-system-x86_64} (TCG, no KVM needed) and returns the serial console output.
 */
final class QemuBoot {

    private static final Path BOOT = Path.of("/boot");

    private QemuBoot() {
    }

    /**
     * @return the console output with the serial line's CRLF turned into LF
     * @throws AssertionError if no kernel is installed or the VM does not power off within {@code timeout}
     */
    static String boot(Path initrd, Duration timeout) throws IOException, InterruptedException {
        Path console = Files.createTempFile(initrd.getParent(), "console-", ".log");
        Process qemu = new ProcessBuilder(List.of("qemu-system-x86_64", "-nographic", "-no-reboot", "-m", "512",
                "-kernel", kernel().toString(), "-initrd", initrd.toString(),
                "-append", "console=ttyS0 panic=-1"))
                .redirectErrorStream(true).redirectOutput(console.toFile()).start();
        qemu.getOutputStream().close();
        boolean exited = qemu.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            qemu.destroyForcibly().waitFor();
        }
        String output = Files.readString(console, StandardCharsets.ISO_8859_1);
        if (!exited) {
            throw new AssertionError("the VM did not power off within " + timeout + ":\n" + output);
        }
        return output.replace("\r\n", "\n");
    }

    private static Path kernel() throws IOException {
        try (Stream<Path> files = Files.list(BOOT)) {
            return files.filter(f -> f.getFileName().toString().startsWith("vmlinuz-")).sorted().findFirst()
                    .orElseThrow(() -> new AssertionError("no /boot/vmlinuz-*: apt-get install linux-image-amd64"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new AssertionError("no /boot: apt-get install linux-image-amd64", e);
        }
    }
}
