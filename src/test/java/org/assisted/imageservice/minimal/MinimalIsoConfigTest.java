package org.assisted.imageservice.minimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MinimalIsoConfigTest {

    static final String URL = "https://images.example.com/boot-artifacts/rootfs?arch=x86_64&version=46.82.202010091720-0";
    static final String KARGS = "random.trust_cpu=on rd.luks.options=discard coreos.liveiso=rhcos-46.82.202010091720-0"
            + " ignition.firstboot ignition.platform.id=metal";
    static final String GRUB = "set timeout=5\n"
            + "menuentry 'RHEL CoreOS (Live)' --class fedora --class gnu-linux --class gnu --class os {\n"
            + "\tlinux /images/pxeboot/vmlinuz " + KARGS + "\n"
            + "\tinitrd /images/pxeboot/initrd.img /images/ignition.img\n"
            + "}\n";
    static final String ISOLINUX = "label linux\n"
            + "  menu label ^RHEL CoreOS (Live)\n"
            + "  kernel /images/pxeboot/vmlinuz\n"
            + "  append initrd=/images/pxeboot/initrd.img,/images/ignition.img " + KARGS + "\n"
            + "#######\n";
    static final String EDITED_KARGS = "random.trust_cpu=on rd.luks.options=discard ignition.firstboot"
            + " ignition.platform.id=metal coreos.live.rootfs_url=\"" + URL + "\"";

    @Test
    void grubConfigGetsRootfsUrlAndBothInitrds() throws Exception {
        String fixed = MinimalIsoConfig.fixGrubConfig(GRUB, URL, true).content();
        assertTrue(fixed.contains("\n\tlinux /images/pxeboot/vmlinuz " + EDITED_KARGS + "\n"), fixed);
        assertTrue(fixed.contains("\n\tinitrd /images/pxeboot/initrd.img /images/ignition.img"
                + " /images/assisted_installer_custom.img /images/nmstate.img\n"), fixed);
        assertTrue(fixed.startsWith("set timeout=5\nmenuentry") && fixed.endsWith("}\n"), fixed);
    }

    @Test
    void grubConfigWithoutNmstateAddsOnlyTheRamdisk() throws Exception {
        String fixed = MinimalIsoConfig.fixGrubConfig(GRUB, URL, false).content();
        assertTrue(fixed.contains("\n\tinitrd /images/pxeboot/initrd.img /images/ignition.img"
                + " /images/assisted_installer_custom.img\n"), fixed);
    }

    @Test
    void isolinuxConfigGetsRootfsUrlAndInitrdsAfterTheInitrdToken() throws Exception {
        String fixed = MinimalIsoConfig.fixIsolinuxConfig(ISOLINUX, URL, true).content();
        assertTrue(fixed.contains("\n  append initrd=/images/pxeboot/initrd.img,/images/ignition.img,"
                + "/images/assisted_installer_custom.img,/images/nmstate.img " + EDITED_KARGS + "\n#######\n"), fixed);
        String withoutNmstate = MinimalIsoConfig.fixIsolinuxConfig(ISOLINUX, URL, false).content();
        assertTrue(withoutNmstate.contains("/images/ignition.img,/images/assisted_installer_custom.img random"),
                withoutNmstate);
    }

    @ParameterizedTest
    @CsvSource({"http://x/$foo, $", "http://x/\\foo, \\"})
    void rootfsUrlsWithExpandableCharactersAreRejected(String url, String character) {
        MinimalIsoException error = assertThrows(MinimalIsoException.class,
                () -> MinimalIsoConfig.fixGrubConfig(GRUB, url, false));
        assertEquals("invalid rootfs URL: contains invalid character '" + character + "'", error.getMessage());
        assertThrows(MinimalIsoException.class, () -> MinimalIsoConfig.fixIsolinuxConfig(ISOLINUX, url, false));
    }

    @Test
    void editStringReplacesOnlyTheNamedGroupOfTheFirstMatch() throws Exception {
        MinimalIsoEdit edit = MinimalIsoConfig.editString("a=1 b=2 a=3", "a=(?<replace>\\d)", "9").orElseThrow();
        assertEquals("a=9 b=2 a=3", MinimalIsoConfig.applyEdit("a=1 b=2 a=3", edit));
        MinimalIsoEdit append = MinimalIsoConfig.editString("one\ntwo\n", "(?<replace>$)", "!").orElseThrow();
        assertEquals("one!\ntwo\n", MinimalIsoConfig.applyEdit("one\ntwo\n", append));
        assertEquals(Optional.empty(), MinimalIsoConfig.editString("abc", "(?<replace>x)", "y"));
        MinimalIsoException error = assertThrows(MinimalIsoException.class,
                () -> MinimalIsoConfig.editString("abc", "(b)", "y"));
        assertTrue(error.getMessage().contains("must have a named capture group called 'replace'"), error.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "(?<replace>b), bxx, 6",
        "(?<replace>e), exx, 4",
        "(?<replace>bc), '', 2",
        "(?<replace>d), d, 4",
    })
    void editsMoveAnOffsetBehindThem(String regex, String replacement, long expected) throws Exception {
        MinimalIsoEdit edit = MinimalIsoConfig.editString("abcdef", regex, replacement).orElseThrow();
        assertEquals(expected, edit.shift(4));
    }

    @Test
    void anEditAcrossTheOffsetIsAnError() throws Exception {
        MinimalIsoEdit edit = MinimalIsoConfig.editString("abcdef", "(?<replace>de)", "").orElseThrow();
        MinimalIsoException error = assertThrows(MinimalIsoException.class, () -> edit.shift(4));
        assertEquals("replacement spans across embed area boundary", error.getMessage());
    }

    @Test
    void isolinuxEditsShiftTheKargsOffsetOntoTheSameArgument() throws Exception {
        int offset = ISOLINUX.indexOf("random.trust_cpu");
        MinimalIsoConfig.Result fixed = MinimalIsoConfig.fixIsolinuxConfig(ISOLINUX, URL, true);
        MinimalIsoKargs kargs = new MinimalIsoKargs(KARGS, List.of(new MinimalIsoKargs.File("isolinux/isolinux.cfg",
                offset, null, null)), 1024).shifted("isolinux/isolinux.cfg", fixed.edits());
        assertEquals(fixed.content().indexOf("random.trust_cpu"), kargs.files().get(0).offset());
    }
}
