package org.assisted.imageservice.iso.write;

import static org.assisted.imageservice.iso.write.IsoWriterTestSupport.DIR;
import static org.assisted.imageservice.iso.write.IsoWriterTestSupport.FILE;
import static org.assisted.imageservice.iso.write.IsoWriterTestSupport.bytes;
import static org.assisted.imageservice.iso.write.IsoWriterTestSupport.request;
import static org.assisted.imageservice.iso.write.IsoWriterTestSupport.write;
import static org.assisted.imageservice.iso.write.IsoWriterTestSupport.xorriso;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

import org.assisted.imageservice.iso.IsoFile;
import org.assisted.imageservice.iso.IsoTreeAttributes;
import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.OracleTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IsoWriterTest {

    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final String LONG_NAME = "a".repeat(120) + "-" + "b".repeat(120) + ".json";

    @TempDir
    Path dir;

    private IsoTree sampleTree(Path source) throws Exception {
        byte[] sourceBytes = new byte[300_000];
        new Random(42).nextBytes(sourceBytes);
        Files.write(source, sourceBytes);
        IsoTree tree = new IsoTree(DIR);
        tree.addDirectory("coreos", DIR);
        tree.addDirectory("images", DIR);
        tree.addDirectory("images/pxeboot", DIR);
        tree.addFile("coreos/igninfo.json", IsoTreeContent.bytes(bytes("{\"file\":\"images/ignition.img\"}")), FILE);
        tree.addFile("coreos/kargs.json", IsoTreeContent.bytes(bytes("{}")), FILE);
        tree.addFile("images/pxeboot/vmlinuz", IsoTreeContent.extent(source, 1000, 100_000), FILE);
        tree.addFile("images/pxeboot/initrd.img", IsoTreeContent.extent(source, 4096, 200_000), FILE);
        tree.addFile("images/empty.img", IsoTreeContent.bytes(new byte[0]), FILE);
        tree.addFile("/" + LONG_NAME, IsoTreeContent.bytes(bytes("long")), IsoTreeAttributes.of(0600, 1000, 1001,
                IsoWriterTestSupport.TIME));
        return tree;
    }

    @OracleTest
    @Test
    void xorrisoExtractsEveryFileByteForByteAtThePlannedExtent() {
        assertTimeoutPreemptively(LIMIT, () -> {
            Path source = dir.resolve("source.bin");
            IsoTree tree = sampleTree(source);
            Path iso = write(request(tree, "rhcos-418.94.202501221327-0", Optional.empty()), dir.resolve("out.iso"));
            IsoWriterPlan plan = IsoWriter.layout(request(tree, "rhcos-418.94.202501221327-0", Optional.empty()));
            Map<String, long[]> reported = IsoWriterTestSupport.reportLba(iso);
            for (IsoFile file : plan.files()) {
                if (file.size() > 0) {
                    long[] extent = reported.get(file.path());
                    assertEquals(file.offset() / 2048, extent[0], file.path());
                    assertEquals(file.size(), extent[1], file.path());
                }
            }
            Path out = dir.resolve("extracted");
            xorriso(iso, "-osirrox", "on", "-extract", "/", out.toString());
            byte[] sourceBytes = Files.readAllBytes(source);
            assertArrayEquals(java.util.Arrays.copyOfRange(sourceBytes, 1000, 101_000),
                    Files.readAllBytes(out.resolve("images/pxeboot/vmlinuz")));
            assertArrayEquals(java.util.Arrays.copyOfRange(sourceBytes, 4096, 204_096),
                    Files.readAllBytes(out.resolve("images/pxeboot/initrd.img")));
            assertEquals("long", Files.readString(out.resolve(LONG_NAME)));
            assertEquals(0, Files.size(out.resolve("images/empty.img")));
            assertEquals("{}", Files.readString(out.resolve("coreos/kargs.json")));
        });
    }

    @OracleTest
    @Test
    void keepsTheVolumeIdVerbatim() {
        assertTimeoutPreemptively(LIMIT, () -> {
            Path iso = write(request(sampleTree(dir.resolve("s")), "rhcos-418.94.202501221327-0", Optional.empty()),
                    dir.resolve("out.iso"));
            assertTrue(xorriso(iso, "-pvd_info").contains("Volume Id    : rhcos-418.94.202501221327-0"));
            assertTrue(ExternalTools.output("isoinfo", "-d", "-i", iso.toString())
                    .contains("Volume id: rhcos-418.94.202501221327-0"));
        });
    }

    @Test
    void sameInputsGiveIdenticalBytesWhateverTheInsertionOrder() {
        assertTimeoutPreemptively(LIMIT, () -> {
            Path source = dir.resolve("s");
            Path first = write(request(sampleTree(source), "v", Optional.empty()), dir.resolve("1.iso"));
            Path second = write(request(sampleTree(source), "v", Optional.empty()), dir.resolve("2.iso"));
            IsoTree reversed = new IsoTree(DIR);
            reversed.addFile("/" + LONG_NAME, IsoTreeContent.bytes(bytes("long")), IsoTreeAttributes.of(0600, 1000, 1001,
                    IsoWriterTestSupport.TIME));
            reversed.addDirectory("images", DIR);
            reversed.addFile("images/empty.img", IsoTreeContent.bytes(new byte[0]), FILE);
            reversed.addDirectory("images/pxeboot", DIR);
            reversed.addFile("images/pxeboot/initrd.img", IsoTreeContent.extent(source, 4096, 200_000), FILE);
            reversed.addFile("images/pxeboot/vmlinuz", IsoTreeContent.extent(source, 1000, 100_000), FILE);
            reversed.addDirectory("coreos", DIR);
            reversed.addFile("coreos/kargs.json", IsoTreeContent.bytes(bytes("{}")), FILE);
            reversed.addFile("coreos/igninfo.json", IsoTreeContent.bytes(bytes("{\"file\":\"images/ignition.img\"}")), FILE);
            Path third = write(request(reversed, "v", Optional.empty()), dir.resolve("3.iso"));
            String hash = IsoWriterTestSupport.sha256(first);
            assertEquals(hash, IsoWriterTestSupport.sha256(second));
            assertEquals(hash, IsoWriterTestSupport.sha256(third));
        });
    }

    @OracleTest
    @Test
    void namesThatClashAfter83MappingGetDistinctIsoNames() {
        assertTimeoutPreemptively(LIMIT, () -> {
            IsoTree tree = new IsoTree(DIR);
            List<String> names = List.of("a-b.txt", "a_b.txt", "A_B.TXT", "igninfo.json", "igninfo.jsonx", "vmlinuz");
            for (String name : names) {
                tree.addFile(name, IsoTreeContent.bytes(bytes(name)), FILE);
            }
            Path iso = write(request(tree, "v", Optional.empty()), dir.resolve("clash.iso"));
            List<String> isoNames = ExternalTools.output("isoinfo", "-f", "-i", iso.toString()).lines().toList();
            assertEquals(names.size(), isoNames.size(), isoNames.toString());
            assertEquals(names.size(), new HashSet<>(isoNames).size(), isoNames.toString());
            assertTrue(isoNames.contains("/IGNINFO.JSO;1"), isoNames.toString());
            assertTrue(isoNames.contains("/VMLINUZ.;1"), isoNames.toString());
            Path out = dir.resolve("x");
            xorriso(iso, "-osirrox", "on", "-extract", "/", out.toString());
            for (String name : names) {
                assertEquals(name, Files.readString(out.resolve(name)));
            }
        });
    }

    @OracleTest
    @Test
    void secondReaderSeesRockRidgeNamesAndSizes() {
        assertTimeoutPreemptively(LIMIT, () -> {
            Path iso = write(request(sampleTree(dir.resolve("s")), "v", Optional.empty()), dir.resolve("7z.iso"));
            String listing = ExternalTools.output("7z", "l", iso.toString());
            assertTrue(Pattern.compile("\\s200000\\s+200000\\s+images/pxeboot/initrd\\.img").matcher(listing).find(), listing);
            assertTrue(listing.contains("coreos/igninfo.json"), listing);
        });
    }
}
