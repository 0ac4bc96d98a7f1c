package org.assisted.imageservice.coreos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.assisted.imageservice.iso.IsoFile;
import org.assisted.imageservice.iso.IsoFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parser-level rules of docs/upstream-behaviour.md#locating-the-ignition-area and #writing-kernel-arguments, without
 * images.
 */
class EmbedAreaLocatorTest {

    private static final String MARKER_LINE = "\n" + "#".repeat(1024) + " COREOS_KARG_EMBED_AREA\n";

    @Test
    void upstreamVectorMatchAt375InFileAt1000GivesStart1375Length1024() {
        byte[] content = ("x".repeat(375) + MARKER_LINE + "\tinitrd /images/pxeboot/initrd.img\n")
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals(Optional.of(new EmbedArea("/EFI/redhat/grub.cfg", 1375, 1024)),
                EmbedAreaLocator.kargsArea("/EFI/redhat/grub.cfg", content, 1000));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // content (\n written as ~)              | start | length
        "~## COREOS_KARG_EMBED_AREA~              | 0     | 2",
        "ab~# COREOS_KARG_EMBED_AREA              | 2     | 1",
        "a~#~### COREOS_KARG_EMBED_AREA~~## COREOS_KARG_EMBED_AREA | 3 | 3",
        "x~###~## COREOS_KARG_EMBED_AREA          | 5     | 2",
    })
    void takesTheFirstMatchAndCapturesTheNewlineAndAllButTheLastHash(String content, long start, long length) {
        byte[] bytes = content.replace('~', '\n').getBytes(StandardCharsets.US_ASCII);
        assertEquals(Optional.of(new EmbedArea("f", 100 + start, length)), EmbedAreaLocator.kargsArea("f", bytes, 100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "no marker at all", "linux a b# COREOS_KARG_EMBED_AREA", "~#### COREOS_KARG_EMBED",
        "~####COREOS_KARG_EMBED_AREA"})
    void contentWithoutMarkerHasNoArea(String content) {
        byte[] bytes = content.replace('~', '\n').getBytes(StandardCharsets.US_ASCII);
        assertEquals(Optional.empty(), EmbedAreaLocator.kargsArea("f", bytes, 0));
    }

    @Test
    void nonAsciiBytesBeforeTheMarkerKeepByteOffsets() {
        byte[] content = new byte[] {(byte) 0xc3, (byte) 0xa9, (byte) 0xff, '\n', '#', '#', ' ', 'C'};
        byte[] marker = "\n## COREOS_KARG_EMBED_AREA".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[content.length + marker.length];
        System.arraycopy(content, 0, bytes, 0, content.length);
        System.arraycopy(marker, 0, bytes, content.length, marker.length);
        assertEquals(Optional.of(new EmbedArea("f", content.length, 2)), EmbedAreaLocator.kargsArea("f", bytes, 0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"files\": []}                                                        | ''",
        "{\"default\": \"a\", \"files\": [{\"path\": \"EFI/fedora/grub.cfg\", \"offset\": 1}, "
                + "{\"path\": \"isolinux/isolinux.cfg\", \"offset\": 2}], \"size\": 1100} "
                + "| EFI/fedora/grub.cfg,isolinux/isolinux.cfg",
        "{\"files\": [{\"path\": \"EFI/centos/grub.cfg\", \"extra\": true}], \"unknown\": 1} | EFI/centos/grub.cfg",
    })
    void kargsJsonListsFilesInOrder(String json, String expected) throws IsoFormatException {
        List<String> paths = EmbedAreaLocator.kargsFiles(json.getBytes(StandardCharsets.UTF_8), "/coreos/kargs.json");
        assertEquals(expected.isEmpty() ? List.of() : List.of(expected.split(",")), paths);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "null", "{\"files\": {}}", "{}", "{\"files\": [{\"offset\": 1}]}",
        "{\"files\": [{\"path\": 7}]}", "{\"files\": []} trailing", "{\"files\": [\"a\"]}"})
    void malformedKargsJsonIsAnError(String json) {
        IsoFormatException e = assertThrows(IsoFormatException.class,
                () -> EmbedAreaLocator.kargsFiles(json.getBytes(StandardCharsets.UTF_8), "/coreos/kargs.json"));
        assertTrue(e.getMessage().startsWith("/coreos/kargs.json"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        // file size, igninfo offset, igninfo length, area start in file, area length
        "262144, 0,      0,      0,      262144",
        "400000, 132096, 262144, 132096, 262144",
        "400000, 132096, 0,      132096, 267904",
        "1000,   1000,   0,      1000,   0",
    })
    void ignitionAreaFollowsIgninfoRules(long size, long offset, long length, long start, long areaLength)
            throws IsoFormatException {
        IsoFile file = new IsoFile("/images/cdboot.img", 10 * 2048, size);
        assertEquals(new EmbedArea("/images/cdboot.img", 10 * 2048 + start, areaLength),
                EmbedAreaLocator.ignitionArea(file, offset, length));
    }

    @ParameterizedTest
    @CsvSource({"1000, 1001, 0", "1000, 900, 200", "1000, 0, 1001"})
    void ignitionAreaOutsideItsFileIsAnError(long size, long offset, long length) {
        IsoFile file = new IsoFile("/images/cdboot.img", 2048, size);
        assertThrows(IsoFormatException.class, () -> EmbedAreaLocator.ignitionArea(file, offset, length));
    }
}
