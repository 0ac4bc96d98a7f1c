package org.assisted.imageservice.minimal;

import static org.assisted.imageservice.minimal.MinimalIsoConfigTest.KARGS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class MinimalIsoKargsTest {

    private static final String URL = "https://h/boot-artifacts/rootfs?arch=x86_64&version=4";
    private static final String JSON = "{\"default\": \"" + KARGS + "\", \"files\": ["
            + "{\"path\": \"EFI/redhat/grub.cfg\", \"offset\": 970, \"extra\": 1},"
            + "{\"path\": \"isolinux/isolinux.cfg\", \"offset\": 1910, \"pad\": \"#\", \"end\": \"\\n\"}],"
            + " \"size\": 1024, \"unknown\": true}";

    @Test
    void defaultLosesLiveIsoGainsRootfsUrlAndSizeGrowsByTheDelta() throws Exception {
        MinimalIsoKargs kargs = MinimalIsoKargs.parse(JSON.getBytes(StandardCharsets.UTF_8)).withRootfsUrl(URL);
        String expectedDefault = "random.trust_cpu=on rd.luks.options=discard ignition.firstboot ignition.platform.id=metal"
                + " coreos.live.rootfs_url=\"" + URL + "\"";
        assertEquals(expectedDefault, kargs.defaultKargs());
        // removed "coreos.liveiso=rhcos-46.82.202010091720-0 " (42), added the rootfs argument (26 + URL)
        assertEquals(1024 - 42 + 26 + URL.length(), kargs.size());
    }

    @Test
    void writesTwoSpaceIndentedJsonWithKnownKeysOnly() throws Exception {
        MinimalIsoKargs kargs = MinimalIsoKargs.parse(JSON.getBytes(StandardCharsets.UTF_8))
                .shifted("isolinux/isolinux.cfg", List.of(new MinimalIsoEdit(10, 10, "+++")));
        String expected = "{\n"
                + "  \"default\": \"" + KARGS + "\",\n"
                + "  \"files\": [\n"
                + "    {\n"
                + "      \"offset\": 970,\n"
                + "      \"path\": \"EFI/redhat/grub.cfg\"\n"
                + "    },\n"
                + "    {\n"
                + "      \"end\": \"\\n\",\n"
                + "      \"offset\": 1913,\n"
                + "      \"pad\": \"#\",\n"
                + "      \"path\": \"isolinux/isolinux.cfg\"\n"
                + "    }\n"
                + "  ],\n"
                + "  \"size\": 1024\n"
                + "}";
        assertEquals(expected, new String(kargs.toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void ampersandIsEscapedLikeGo() throws Exception {
        String json = new String(new MinimalIsoKargs("a&b<c>", List.of(), 5).toJson(), StandardCharsets.UTF_8);
        assertEquals("{\n  \"default\": \"a\\u0026b\\u003cc\\u003e\",\n  \"files\": [],\n  \"size\": 5\n}", json);
    }

    @Test
    void invalidJsonIsAnError() {
        assertThrows(MinimalIsoException.class, () -> MinimalIsoKargs.parse("{nope".getBytes(StandardCharsets.UTF_8)));
    }
}
