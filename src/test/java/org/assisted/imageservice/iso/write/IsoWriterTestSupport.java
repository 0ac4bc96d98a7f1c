package org.assisted.imageservice.iso.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assisted.imageservice.iso.IsoTreeAttributes;
import org.assisted.imageservice.iso.eltorito.ElToritoBoot;
import org.assisted.imageservice.testsupport.ExternalTools;

/** Builds small trees for the writer and reads written images back with the independent tool xorriso. */
public final class IsoWriterTestSupport {

    static final Instant TIME = Instant.parse("2025-01-22T13:27:00Z");
    static final IsoTreeAttributes DIR = IsoTreeAttributes.of(0755, 0, 0, TIME);
    static final IsoTreeAttributes FILE = IsoTreeAttributes.of(0644, 0, 0, TIME);
    static final IsoWriterDates DATES = IsoWriterDates.of(OffsetDateTime.of(2025, 1, 22, 13, 27, 0, 0, ZoneOffset.UTC));

    private static final Pattern LBA_LINE =
            Pattern.compile("File data lba:\\s+0 ,\\s+(\\d+) ,\\s+(\\d+) ,\\s+(\\d+) , '(.*)'");

    private IsoWriterTestSupport() {
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static IsoWriterRequest request(IsoTree tree, String volumeId, Optional<ElToritoBoot> boot) {
        return new IsoWriterRequest(tree, IsoWriterVolume.of(volumeId), DATES, boot, IsoWriterSystemArea.zeros());
    }

    static Path write(IsoWriterRequest request, Path target) throws IOException {
        IsoWriterPlan plan = IsoWriter.layout(request);
        plan.writeTo(target);
        assertEquals(plan.size(), Files.size(target), "written size equals planned size");
        return target;
    }

    static String xorriso(Path iso, String... commands) throws IOException, InterruptedException {
        String[] command = new String[commands.length + 3];
        command[0] = "xorriso";
        command[1] = "-indev";
        command[2] = iso.toString();
        System.arraycopy(commands, 0, command, 3, commands.length);
        return ExternalTools.output(command);
    }

    /** Path → {sector, size} as xorriso reports them ({@code -find / -exec report_lba}). */
    static Map<String, long[]> reportLba(Path iso) throws IOException, InterruptedException {
        Map<String, long[]> extents = new HashMap<>();
        Matcher matcher = LBA_LINE.matcher(xorriso(iso, "-find", "/", "-exec", "report_lba", "--"));
        while (matcher.find()) {
            extents.put(matcher.group(4), new long[] {Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(3))});
        }
        return extents;
    }

    public static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
