package org.assisted.imageservice.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.assisted.imageservice.bench.Measure.Target;

/**
 * The minimal ISO and the PXE initrd, each against nginx serving a file of the same size. A route
 * that does not exist yet (404), or a minimal ISO that is still the full ISO, is reported as not
 * measured instead of producing a number.
 */
final class OtherImages {

    private OtherImages() {
    }

    static void measure(BenchMain bench, BenchOptions options, Report report) throws Exception {
        String query = "?version=" + BenchMain.OPENSHIFT_VERSION + "&arch=x86_64&api_key=bench-not-a-secret";
        Target service = bench.service();
        Target minimal = new Target("service minimal ISO", service.port(),
                "/images/" + BenchMain.IMAGE_ID + query + "&type=minimal-iso");
        Target pxe = new Target("service pxe-initrd", service.port(), "/images/" + BenchMain.IMAGE_ID + "/pxe-initrd" + query);
        long fullIso = Files.size(options.work().resolve("www/rhcos.iso"));
        for (Target target : List.of(minimal, pxe)) {
            RawHttp.Result probe;
            try (RawHttp http = new RawHttp(target.port(), 64 * 1024)) {
                probe = http.get(target.path(), null, 0, 0);
            }
            if (probe.status() != 200) {
                report.notMeasured(target.name(), "the route answers " + probe.status() + " in this build (the PXE "
                        + "route and the minimal-ISO image are being built separately)");
                continue;
            }
            if (target == minimal && probe.contentLength() == fullIso) {
                report.notMeasured(target.name(), "the route still serves the full ISO (" + fullIso
                        + " bytes): the minimal-ISO builder is not wired into the image store in this build");
                continue;
            }
            Target reference = new Target("nginx, file of the same size", bench.nginx().port(),
                    "/" + sameSizeFile(options.work().resolve("www"), probe.contentLength()).getFileName());
            long bytes = probe.contentLength();
            bench.alternate(target.name() + " (" + bytes + " bytes), 1 client (MiB/s)", List.of(reference, target),
                    t -> Measure.throughput(t, 1, bytes), true);
            bench.alternate(target.name() + ", 8 concurrent clients (aggregate MiB/s)", List.of(reference, target),
                    t -> Measure.throughput(t, 8, bytes), true);
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
