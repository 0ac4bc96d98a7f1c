package org.assisted.imageservice.minimal;

import static org.assisted.imageservice.minimal.MinimalIsoTemplateTest.VOLUME;
import static org.assisted.imageservice.minimal.MinimalIsoTemplateTest.rootfsUrl;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.assisted.imageservice.coreos.IsoLayout;
import org.assisted.imageservice.iso.write.IsoWriterPlan;
import org.assisted.imageservice.testsupport.TestIsos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bases a template cannot be built from, and {@link MinimalIsoTemplate#write} leaving nothing behind on failure. */
class MinimalIsoTemplateFailureTest {

    @TempDir
    Path dir;

    private MinimalIsoException failure(TestIsos spec, String arch) throws Exception {
        IsoLayout base = IsoLayout.read(spec.build(dir));
        MinimalIsoTemplateInputs inputs = new MinimalIsoTemplateInputs(rootfsUrl(arch), arch, Optional.empty());
        return assertThrows(MinimalIsoException.class, () -> MinimalIsoTemplate.plan(base, inputs));
    }

    private MinimalIsoTemplateInputs inputs(Optional<Path> nmstate) throws MinimalIsoException {
        return new MinimalIsoTemplateInputs(rootfsUrl("x86_64"), "x86_64", nmstate);
    }

    @Test
    void baseWithoutGrubConfigIsRejectedWithThePathsTried() throws Exception {
        assertEquals("no grub.cfg found, possible paths are "
                + "[EFI/redhat/grub.cfg EFI/fedora/grub.cfg boot/grub/grub.cfg EFI/centos/grub.cfg]",
                failure(TestIsos.x86_64(VOLUME).without("EFI/redhat/grub.cfg"), "x86_64").getMessage());
    }

    @Test
    void fedoraGrubPathIsFoundWhenRedhatIsAbsent() throws Exception {
        IsoLayout base = IsoLayout.read(TestIsos.x86_64(VOLUME).efiVendor("fedora").build(dir));
        IsoWriterPlan plan = MinimalIsoTemplate.plan(base, inputs(Optional.empty()));
        assertTrue(plan.file("EFI/fedora/grub.cfg").isPresent());
    }

    @Test
    void isolinuxConfigIsRequiredExceptOnPpc64le() throws Exception {
        TestIsos noIsolinux = TestIsos.x86_64(VOLUME).without("isolinux/isolinux.cfg");
        assertEquals("base ISO has no isolinux/isolinux.cfg", failure(noIsolinux, "x86_64").getMessage());
        IsoLayout ppc = IsoLayout.read(TestIsos.ppc64le(VOLUME).build(dir));
        MinimalIsoTemplate.plan(ppc, new MinimalIsoTemplateInputs(rootfsUrl("ppc64le"), "ppc64le", Optional.empty()));
    }

    @Test
    void baseWithoutRootfsIsRejected() throws Exception {
        assertEquals("base ISO has no images/pxeboot/rootfs.img",
                failure(TestIsos.x86_64(VOLUME).without("images/pxeboot/rootfs.img"), "x86_64").getMessage());
    }

    @Test
    void kargsOffsetInsideARemovedArgumentIsRejected() throws Exception {
        String grubPrefix = "set timeout=5\n\nmenuentry 'RHEL CoreOS (Live)' --class fedora --class gnu-linux {\n"
                + "\tlinux /images/pxeboot/vmlinuz mitigations=auto,nosmt coreos.live";
        String kargs = "{\"default\": \"" + TestIsos.defaultKargs(VOLUME) + "\", \"files\": [{\"path\": "
                + "\"EFI/redhat/grub.cfg\", \"offset\": " + grubPrefix.length() + "}], \"size\": 1100}";
        assertEquals("replacement spans across embed area boundary",
                failure(TestIsos.x86_64(VOLUME).file("coreos/kargs.json", kargs), "x86_64").getMessage());
    }

    @Test
    void invalidKargsJsonIsRejected() throws Exception {
        assertTrue(failure(TestIsos.x86_64(VOLUME).file("coreos/kargs.json", "{\"files\": ["), "x86_64")
                .getMessage().startsWith("invalid kargs.json: "));
    }

    @Test
    void rootfsUrlsThatBootLoadersWouldExpandAreRejected() throws Exception {
        IsoLayout base = IsoLayout.read(TestIsos.x86_64(VOLUME).build(dir));
        MinimalIsoException dollar = assertThrows(MinimalIsoException.class, () -> MinimalIsoTemplate.plan(base,
                new MinimalIsoTemplateInputs("https://x/$root", "x86_64", Optional.empty())));
        assertEquals("invalid rootfs URL: contains invalid character '$'", dollar.getMessage());
        assertThrows(MinimalIsoException.class, () -> MinimalIsoTemplate.plan(base,
                new MinimalIsoTemplateInputs("https://x/a b", "x86_64", Optional.empty())));
    }

    @Test
    void missingNmstateArchiveIsRejected() throws Exception {
        IsoLayout base = IsoLayout.read(TestIsos.x86_64(VOLUME).build(dir));
        Path missing = dir.resolve("nmstatectl-missing");
        MinimalIsoException e = assertThrows(MinimalIsoException.class,
                () -> MinimalIsoTemplate.plan(base, inputs(Optional.of(missing))));
        assertEquals("nmstatectl cache file not found: " + missing, e.getMessage());
    }

    @Test
    void baseChangedAfterReadingIsRejected() throws Exception {
        Path iso = TestIsos.x86_64(VOLUME).build(dir);
        IsoLayout base = IsoLayout.read(iso);
        Files.write(iso, new byte[2048], java.nio.file.StandardOpenOption.APPEND);
        IOException e = assertThrows(IOException.class, () -> MinimalIsoTemplate.plan(base, inputs(Optional.empty())));
        assertTrue(e.getMessage().contains("when read"), e.getMessage());
    }

    @Test
    void writeReplacesTheTargetAndLeavesNoTemporaryFile() throws Exception {
        IsoLayout base = IsoLayout.read(TestIsos.x86_64(VOLUME).build(dir));
        Path out = Files.createDirectories(dir.resolve("out"));
        Path target = Files.writeString(out.resolve("minimal.iso"), "old");
        IsoWriterPlan plan = MinimalIsoTemplate.plan(base, inputs(Optional.empty()));
        MinimalIsoTemplate.write(plan, target);
        assertEquals(plan.size(), Files.size(target));
        assertEquals(List.of(target), list(out));
    }

    @Test
    void failedWriteDeletesTheTemporaryFileAndKeepsTheTarget() throws Exception {
        IsoLayout base = IsoLayout.read(TestIsos.x86_64(VOLUME).build(dir));
        Path nmstate = Files.write(dir.resolve("nmstate"), new byte[5000]);
        IsoWriterPlan plan = MinimalIsoTemplate.plan(base, inputs(Optional.of(nmstate)));
        Files.delete(nmstate);
        Path out = Files.createDirectories(dir.resolve("out"));
        Path target = Files.writeString(out.resolve("minimal.iso"), "old");
        assertThrows(NoSuchFileException.class, () -> MinimalIsoTemplate.write(plan, target));
        assertEquals(List.of(target), list(out));
        assertArrayEquals("old".getBytes(), Files.readAllBytes(target));
    }

    @Test
    void interruptedWriteDeletesTheTemporaryFile() throws Exception {
        IsoLayout base = IsoLayout.read(TestIsos.x86_64(VOLUME).build(dir));
        IsoWriterPlan plan = MinimalIsoTemplate.plan(base, inputs(Optional.empty()));
        Path out = Files.createDirectories(dir.resolve("out"));
        Thread.currentThread().interrupt();
        try {
            assertThrows(ClosedByInterruptException.class, () -> MinimalIsoTemplate.write(plan, out.resolve("m.iso")));
        } finally {
            Thread.interrupted();
        }
        assertEquals(List.of(), list(out));
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
