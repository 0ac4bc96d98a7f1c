package org.assisted.imageservice.iso;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.OracleTest;
import org.assisted.imageservice.testsupport.TestIsos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rock Ridge {@code PX}/{@code TF} attributes read back from images whose attributes xorriso set explicitly. */
@OracleTest
class IsoEntryAttributesTest {

    private static final Instant MODIFIED = Instant.parse("2001-02-03T04:05:06Z");
    private static final Instant ACCESSED = Instant.parse("2002-02-03T04:05:06Z");
    private static final Instant CHANGED = Instant.parse("2003-02-03T04:05:06Z");

    @TempDir
    Path dir;

    private Path image(boolean rockRidge) throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree/d"));
        Files.writeString(tree.resolve("f"), "hi");
        Path iso = dir.resolve(rockRidge ? "rr.iso" : "plain.iso");
        List<String> command = new ArrayList<>(List.of("xorriso", "-outdev", iso.toString(), "-volid", "V"));
        if (!rockRidge) {
            command.addAll(List.of("-rockridge", "off"));
        }
        command.addAll(List.of("-map", dir.resolve("tree").toString(), "/",
                "-chown", "1234", "/d/f", "--", "-chgrp", "55", "/d/f", "--", "-chmod", "0640", "/d/f", "--",
                "-chmod", "0750", "/d", "--", "-chmod", "0711", "/", "--",
                "-alter_date", "m", "=" + MODIFIED.getEpochSecond(), "/d/f", "/", "--",
                "-alter_date", "a", "=" + ACCESSED.getEpochSecond(), "/d/f", "/", "--",
                "-alter_date", "c", "=" + CHANGED.getEpochSecond(), "/d/f", "/", "--", "-commit"));
        ExternalTools.output(command);
        return iso;
    }

    @Test
    void rockRidgeModeOwnerAndTimesAreRead() throws Exception {
        IsoFileSystem fs = IsoFileSystem.read(image(true));
        assertEquals(new IsoTreeAttributes(0640, 1234, 55, MODIFIED, ACCESSED, CHANGED),
                fs.entry("/d/f").orElseThrow().attributes());
        assertEquals(0750, fs.entry("/d").orElseThrow().attributes().mode());
        assertEquals(new IsoTreeAttributes(0711, 0, 0, MODIFIED, ACCESSED, CHANGED), fs.rootAttributes());
    }

    @Test
    void withoutRockRidgeFilesGetReadOnlyModesAndTheRecordingDate() throws Exception {
        IsoFileSystem fs = IsoFileSystem.read(image(false));
        IsoTreeAttributes file = fs.entry("/D/F").orElseThrow().attributes();
        assertEquals(0444, file.mode());
        assertEquals(0, file.uid());
        assertEquals(MODIFIED, file.modified(), "ECMA-119 recording date");
        assertEquals(file.modified(), file.accessed());
        assertEquals(file.modified(), file.changed());
        assertEquals(0555, fs.entry("/D").orElseThrow().attributes().mode());
    }
}
