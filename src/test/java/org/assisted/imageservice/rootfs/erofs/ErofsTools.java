package org.assisted.imageservice.rootfs.erofs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.assisted.imageservice.testsupport.ExternalTools;

/** Runs Debian's erofs-utils and embeds images in larger files for the EROFS tests. */
final class ErofsTools {

    private static final long TOOL_TIMEOUT_SECONDS = 120;

    private ErofsTools() {
    }

    static boolean available(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--help").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }


    static Path mkfs(Path dir, List<String> options, Path source) throws IOException, InterruptedException {
        Path image = dir.resolve("image.erofs");
        List<String> command = new ArrayList<>(List.of("mkfs.erofs", "-T0", "-Uc0ffee00-0000-4000-8000-000000000000"));
        command.addAll(options);
        command.add(image.toString());
        command.add(source.toString());
        ExternalTools.output(command);
        return image;
    }

    /** Writes {@code prefix} pseudo-random bytes, the image, then 777 more bytes, as rootfs.img wraps root.erofs. */
    static Path embed(Path image, Path target, int prefix) throws IOException {
        Random random = new Random(prefix);
        byte[] head = new byte[prefix];
        byte[] tail = new byte[777];
        random.nextBytes(head);
        random.nextBytes(tail);
        Files.write(target, head);
        Files.write(target, Files.readAllBytes(image), java.nio.file.StandardOpenOption.APPEND);
        Files.write(target, tail, java.nio.file.StandardOpenOption.APPEND);
        return target;
    }
}
