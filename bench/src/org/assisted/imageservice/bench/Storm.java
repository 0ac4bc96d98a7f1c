package org.assisted.imageservice.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.assisted.imageservice.testsupport.BootStorm;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.ExternalTools;

/**
 * {@code --phases storm}: {@link BootStorm} with {@code --storm-clients} hosts against the service on a small ISO
 * (4 MiB rootfs), every host reading at {@code --storm-pace-kib}, with the service's limits raised to the number of
 * hosts (memory per download is bounded by the copy-buffer pool and the connectors, not by these limits) and
 * {@code MAX_CONNECTIONS} a little above it. Adds to {@link BootStorm}'s report the heap after GC (from the GC log)
 * and the assisted-service calls per virtual-media boot. The prober and the sampler use the probe connector
 * (PROBE_LISTEN_PORT), as a kubelet and Prometheus do with deploy/base. Hosts come in clusters of
 * {@link #HOSTS_PER_IMAGE} per kind sharing an image id, as a site install boots whole clusters.
 */
final class Storm {

    static final long KERNEL_BYTES = 1L << 20;
    static final long INITRD_BYTES = 1L << 20;
    static final long ROOTFS_BYTES = 4L << 20;
    /** Connections beyond the hosts: the prober, the sampler, the reference downloads. */
    static final int SPARE_CONNECTIONS = 100;
    private static final long VIRTUAL_MEDIA_BYTES = 4L << 20;
    /** Hosts of one kind per InfraEnv: a site boots clusters, whose hosts share one discovery image. */
    static final int HOSTS_PER_IMAGE = 10;

    private Storm() {
    }

    static Map<String, String> serviceParams(BenchOptions options) {
        String hosts = Integer.toString(options.stormClients());
        return Map.of("MAX_CONCURRENT_REQUESTS", hosts, "MAX_CONCURRENT_BOOT_ARTIFACT_REQUESTS", hosts,
                "MIN_ROOTFS_SIZE", "1", "MIN_KERNEL_SIZE", "1");
    }

    static void run(BenchOptions options, FakeAssistedService assisted, Tomcat tomcat, int port, int probePort,
                    Report report, Path gcLog) throws Exception {
        assisted.answerEveryImage(image -> image.ignition(Ignitions.realistic()));
        String root = "http://127.0.0.1:" + port;
        HttpClient client = HttpClient.newHttpClient();
        String version = BenchMain.OPENSHIFT_VERSION;
        Path iso = options.work().resolve("www/storm.iso");
        BootStorm.Expected expected = new BootStorm.Expected(
                get(client, root + "/images/" + id(0) + "?version=" + version + "&type=full-iso"),
                BootStorm.sha256(get(client, root + "/images/" + id(0) + "/pxe-initrd?version=" + version)),
                BootStorm.sha256(extract(iso, "/images/pxeboot/vmlinuz", options.work())),
                BootStorm.sha256(extract(iso, "/images/pxeboot/rootfs.img", options.work())));
        assisted.clearRequests();
        long gcLogStart = Files.exists(gcLog) ? Files.size(gcLog) : 0;
        BootStorm.Plan plan = new BootStorm.Plan(port, probePort, tomcat.pid(), options.stormClients(), HOSTS_PER_IMAGE,
                n -> id(1 + n), version,
                options.stormPaceKib() * 1024L, VIRTUAL_MEDIA_BYTES, Duration.ofMillis(2), Duration.ofMinutes(15));
        System.out.println("== boot storm: " + plan.clients() + " hosts at " + options.stormPaceKib() + " KiB/s");
        BootStorm.Report storm = BootStorm.run(plan, expected);
        long[] heap = SlowClients.heapFromGcLog(gcLog, gcLogStart);
        List<String> lines = new ArrayList<>(storm.lines());
        lines.add("max heap after GC: " + heap[1] + " MiB (before GC: " + heap[0] + " MiB)");
        lines.add(String.format(Locale.ROOT, "assisted-service calls per virtual-media boot: %.2f (%d Range requests "
                + "each)", callsPerVirtualMediaBoot(assisted, plan),
                (VIRTUAL_MEDIA_BYTES + BootStorm.VIRTUAL_MEDIA_READ_BYTES - 1) / BootStorm.VIRTUAL_MEDIA_READ_BYTES));
        lines.add("OutOfMemoryError in catalina.out: "
                + Files.readString(tomcat.base().resolve("logs/catalina.out")).contains("OutOfMemoryError"));
        lines.forEach(line -> System.out.println("   " + line));
        report.section("Boot storm: " + plan.clients() + " hosts at " + options.stormPaceKib() + " KiB/s each "
                + "(40 % slow ISO downloads by short URL, 30 % virtual media, 30 % iPXE)", lines);
    }

    /** Calls for the virtual-media images over the virtual-media hosts (each boot's share). */
    private static double callsPerVirtualMediaBoot(FakeAssistedService assisted, BootStorm.Plan plan) {
        Set<String> virtualMediaIds = plan.virtualMediaImageIds();
        long calls = assisted.requests().stream().filter(r -> virtualMediaIds.contains(r.imageId())).count();
        return calls / (double) plan.virtualMediaHosts();
    }

    private static String id(int n) {
        return String.format(Locale.ROOT, "5707a000-0000-4000-8000-%012d", n);
    }

    private static byte[] get(HttpClient client, String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** A file of the ISO as xorriso reads it: the reference for the boot artifacts. */
    private static byte[] extract(Path iso, String isoPath, Path work) throws IOException {
        Path out = work.resolve("storm-" + Path.of(isoPath).getFileName());
        Files.deleteIfExists(out);
        ExternalTools.output(List.of("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", isoPath,
                out.toString()));
        return Files.readAllBytes(out);
    }
}
