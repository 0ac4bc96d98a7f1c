package org.assisted.imageservice.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.assisted.imageservice.bench.Measure.Target;

/**
 * The minimal ISO, the PXE initrd and the boot artifacts (rootfs, kernel), each against nginx serving a file
 * of the same size. Small bodies are downloaded several times per client so that every sample moves at least
 * {@link #MIN_SAMPLE_BYTES}, which keeps connection set-up from dominating the rate.
 */
final class OtherImages {

    private static final long MIN_SAMPLE_BYTES = 512 * Measure.MIB;

    private OtherImages() {
    }

    static void measure(BenchMain bench, BenchOptions options) throws Exception {
        String query = "?version=" + BenchMain.OPENSHIFT_VERSION + "&arch=x86_64";
        String image = "/images/" + BenchMain.IMAGE_ID + query + "&api_key=bench-not-a-secret";
        String pxe = "/images/" + BenchMain.IMAGE_ID + "/pxe-initrd" + query + "&api_key=bench-not-a-secret";
        int port = bench.service().port();
        List<Target> targets = List.of(new Target("service minimal ISO", port, image + "&type=minimal-iso"),
                new Target("service pxe-initrd", port, pxe),
                new Target("service boot-artifacts rootfs", port, "/boot-artifacts/rootfs" + query),
                new Target("service boot-artifacts kernel", port, "/boot-artifacts/kernel" + query));
        for (Target target : targets) {
            long bytes = probe(target);
            int downloads = (int) Math.max(1, MIN_SAMPLE_BYTES / bytes);
            Target reference = new Target("nginx, file of the same size", bench.nginx().port(),
                    "/" + sameSizeFile(options.work().resolve("www"), bytes).getFileName());
            String size = bytes + " bytes" + (downloads > 1 ? ", " + downloads + " downloads per client" : "");
            bench.alternate(target.name() + " (" + size + "), 1 client (MiB/s)", List.of(reference, target),
                    t -> Measure.throughput(t, 1, bytes, downloads), true);
            bench.alternate(target.name() + ", 8 concurrent clients (aggregate MiB/s)", List.of(reference, target),
                    t -> Measure.throughput(t, 8, bytes, downloads), true);
        }
    }

    private static long probe(Target target) throws IOException {
        try (RawHttp http = new RawHttp(target.port(), 64 * 1024)) {
            RawHttp.Result probe = http.get(target.path(), null, 0, 0);
            if (probe.status() != 200 || probe.contentLength() <= 0) {
                throw new IllegalStateException(target.name() + " answers " + probe.status() + " with length "
                        + probe.contentLength());
            }
            return probe.contentLength();
        }
    }

    /** The first {@code size} bytes of the base ISO as a file nginx serves. */
    private static Path sameSizeFile(Path www, long size) throws IOException {
        Path file = www.resolve("same-size-" + size + ".bin");
        if (!Files.exists(file) || Files.size(file) != size) {
            try (FileChannel in = FileChannel.open(www.resolve("rhcos.iso"));
                 FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         StandardOpenOption.TRUNCATE_EXISTING)) {
                for (long done = 0; done < size; ) {
                    done += in.transferTo(done, size - done, out);
                }
            }
        }
        return file;
    }
}
