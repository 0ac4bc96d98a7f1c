import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import org.assisted.imageservice.config.EnvironmentProxy;
import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.config.OsImageEntry;
import org.assisted.imageservice.config.ServiceConfig.DownloadConfig;
import org.assisted.imageservice.config.ServiceConfig.DownloadLimits;
import org.assisted.imageservice.config.ServiceConfig.DownloadTls;
import org.assisted.imageservice.config.ServiceConfig.StoreConfig;
import org.assisted.imageservice.iso.IsoFile;
import org.assisted.imageservice.iso.IsoLayout;
import org.assisted.imageservice.iso.MinimalIsoRootfsUrl;
import org.assisted.imageservice.iso.MinimalIsoTemplate;
import org.assisted.imageservice.iso.MinimalIsoTemplateInputs;
import org.assisted.imageservice.store.ImageStore;
import org.assisted.imageservice.testsupport.TestIsos;

/**
 * The minimal-ISO template benchmark's Java side (bench/template.sh):
 *
 * <pre>
 * base    ISO ROOTFS_MIB   build the base ISO once (random rootfs and initrd), reuse it when its spec matches
 * warmup  ISO              build a small base ISO for the warm-up
 * build   ISO OUT [WARMUP] build the template of ISO at OUT (layout, plan, write, fsync, atomic move), after
 *                          building the template of the small WARMUP ISO once, as a running service has its
 *                          classes loaded (Jackson, for kargs.json) before its first template
 * restart ISO DATA_DIR     start the image store twice on DATA_DIR holding ISO: time to ready (build, then reuse)
 * </pre>
 */
public final class TemplateBench {
    private static final String VERSION = "418.94.202501221327-0";
    private static final String BASE_URL = "https://images.example.com/api/assisted-images";
    private static final long MIB = 1024 * 1024;
    private static final int FILL_BUFFER_BYTES = 4 * 1024 * 1024;
    private static final long SEED = 20261125L;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);

    private TemplateBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "base" -> base(Path.of(args[1]), Long.parseLong(args[2]) * MIB);
            case "build" -> build(Path.of(args[1]), Path.of(args[2]),
                    args.length > 3 ? Optional.of(Path.of(args[3])) : Optional.empty());
            case "warmup" -> TestIsos.x86_64("rhcos-" + VERSION).writeWithXorriso(Path.of(args[1]));
            case "restart" -> restart(Path.of(args[1]), Path.of(args[2]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void base(Path iso, long rootfsBytes) throws IOException {
        Path spec = iso.resolveSibling(iso.getFileName() + ".spec");
        String wanted = "x86_64 kernel=12MiB initrd=100MiB rootfs=" + rootfsBytes + " random seed " + SEED + "\n";
        if (Files.exists(iso) && Files.exists(spec) && Files.readString(spec).equals(wanted)) {
            return;
        }
        Files.deleteIfExists(spec);
        TestIsos.x86_64("rhcos-" + VERSION).kernelSize(12 * MIB).initrdSize(100 * MIB).rootfsSize(rootfsBytes)
                .writeWithXorriso(iso);
        IsoLayout layout = IsoLayout.read(iso);
        SplittableRandom random = new SplittableRandom(SEED);
        try (FileChannel channel = FileChannel.open(iso, StandardOpenOption.WRITE)) {
            for (String path : List.of("/images/pxeboot/initrd.img", "/images/pxeboot/rootfs.img")) {
                IsoFile file = layout.file(path).orElseThrow();
                fillRandom(channel, file.offset(), file.size(), random);
            }
            channel.force(true);
        }
        Files.writeString(spec, wanted);
    }

    /** Incompressible content in place of the pattern bytes, so no layer below can shortcut the copy. */
    private static void fillRandom(FileChannel channel, long offset, long size, SplittableRandom random)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(FILL_BUFFER_BYTES);
        for (long done = 0; done < size; done += buffer.capacity()) {
            buffer.clear();
            while (buffer.remaining() >= Long.BYTES) {
                buffer.putLong(random.nextLong());
            }
            buffer.flip().limit((int) Math.min(buffer.capacity(), size - done));
            while (buffer.hasRemaining()) {
                channel.write(buffer, offset + done + buffer.position());
            }
        }
    }

    private static void build(Path iso, Path out, Optional<Path> warmup) throws Exception {
        if (warmup.isPresent()) {
            Path scratch = out.resolveSibling("warmup-template.iso");
            writeTemplate(warmup.get(), scratch);
            Files.delete(scratch);
        }
        long start = System.nanoTime();
        writeTemplate(iso, out);
        System.out.printf("in-process %.3f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static void writeTemplate(Path iso, Path out) throws Exception {
        String rootfsUrl = MinimalIsoRootfsUrl.build(BASE_URL, "x86_64", VERSION);
        MinimalIsoTemplate.write(MinimalIsoTemplate.plan(IsoLayout.read(iso),
                new MinimalIsoTemplateInputs(rootfsUrl, "x86_64", Optional.empty())), out);
    }

    private static void restart(Path iso, Path dataDir) throws Exception {
        Files.createDirectories(dataDir);
        Path full = dataDir.resolve("rhcos-full-iso-" + VERSION + "-x86_64.iso");
        if (!Files.exists(full)) {
            Files.createLink(full, iso);
        }
        Files.deleteIfExists(dataDir.resolve("rhcos-minimal-iso-" + VERSION + "-x86_64.iso.key"));
        StoreConfig config = new StoreConfig(dataDir, dataDir.resolveSibling("data_temp"),
                List.of(new OsImageEntry("4.18", "x86_64", iso.toUri().toString(), VERSION, ImageType.FULL_ISO)),
                new DownloadConfig(Map.of(), Map.of(), new DownloadTls(false, null),
                        new DownloadLimits(100 * MIB, 5 * MIB, Duration.ofSeconds(5), Duration.ofSeconds(5),
                                Duration.ofSeconds(1), Duration.ofSeconds(10)), EnvironmentProxy.NONE), BASE_URL);
        System.out.printf("first start (template built) %.3f s%n", timeToReady(config));
        System.out.printf("restart (template reused) %.3f s%n", timeToReady(config));
    }

    private static double timeToReady(StoreConfig config) throws Exception {
        long start = System.nanoTime();
        long deadline = start + READY_TIMEOUT.toNanos();
        try (ImageStore store = new ImageStore(config, List.of())) {
            store.start();
            while (!store.readiness().isReady()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not ready within " + READY_TIMEOUT + ": " + store.health());
                }
                Thread.sleep(5);
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }
}
