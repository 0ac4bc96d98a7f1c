package org.assisted.imageservice.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A boot storm against one running service: {@code clients} hosts at once, a mix of slow ISO downloads through short
 * URLs, virtual-media readers (sequential 256 KiB Range requests over one connection) and iPXE hosts (kernel,
 * pxe-initrd, rootfs), each with an image id of its own, all driven by {@link StormClients}; meanwhile a prober asks
 * {@code /live} and {@code /health} every 100 ms on a new connection each time (as a kubelet does, on the probe port
 * when the service has one) and a sampler reads
 * the server's platform threads and RSS from {@code /proc} and its direct memory from {@code /metrics}. Shared by the
 * benchmark ({@code bench/run.sh --phases storm}) and its scaled-down regression test.
 */
public final class BootStorm {

    /** Bytes per virtual-media Range request, as BMCs read (qemu's curl driver reads 256 KiB too). */
    public static final int VIRTUAL_MEDIA_READ_BYTES = 256 * 1024;
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(250);
    private static final Pattern DIRECT_USED = Pattern.compile(
            "(?m)^jvm_buffer_memory_used_bytes\\{[^}]*id=\"direct\"[^}]*\\} ([0-9.E+-]+)$");

    /**
     * What the storm asks for.
     *
     * @param port              the service's HTTP port, where the hosts download
     * @param probePort         the port the prober and the sampler ask ({@code /live}, {@code /health},
     *                          {@code /metrics}): the probe connector's (PROBE_LISTEN_PORT) or {@code port}
     * @param pid               the server JVM's process id (for /proc)
     * @param clients           hosts in all, split 40 % ISO, 30 % virtual media, 30 % iPXE
     * @param hostsPerImage     hosts of one kind that share an image id (an InfraEnv: the hosts of one cluster)
     * @param imageId           the image id of image number {@code n}
     * @param openshiftVersion  the {@code version} of the configured image
     * @param bytesPerSecond    every host's read pace
     * @param virtualMediaBytes how much of the ISO a virtual-media host reads (from the start, in 256 KiB requests)
     * @param spacing           time between two hosts' first connections
     * @param limit             time after which unfinished hosts count as failed
     */
    public record Plan(int port, int probePort, long pid, int clients, int hostsPerImage, IntFunction<String> imageId,
                       String openshiftVersion, long bytesPerSecond, long virtualMediaBytes, Duration spacing,
                       Duration limit) {

        /** Image number of host {@code i}: hosts of different kinds never share one. */
        int imageNumber(int host) {
            int[] residues = RESIDUES[kind(host)];
            int ordinalInKind = (host / 10) * residues.length + indexOf(residues, host % 10);
            return kind(host) * 1_000_000 + ordinalInKind / hostsPerImage;
        }

        /** How many hosts read virtual media. */
        public int virtualMediaHosts() {
            int hosts = 0;
            for (int i = 0; i < clients; i++) {
                hosts += kind(i) == VIRTUAL_MEDIA ? 1 : 0;
            }
            return hosts;
        }

        /** The image ids of the virtual-media hosts. */
        public Set<String> virtualMediaImageIds() {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < clients; i++) {
                if (kind(i) == VIRTUAL_MEDIA) {
                    ids.add(imageId.apply(imageNumber(i)));
                }
            }
            return ids;
        }
    }

    private static final int ISO = 0;
    private static final int VIRTUAL_MEDIA = 1;
    private static final int IPXE = 2;
    /** Per kind, the host indexes modulo 10 of that kind: 40 % ISO, 30 % virtual media, 30 % iPXE, interleaved. */
    private static final int[][] RESIDUES = {{0, 3, 6, 8}, {1, 4, 7}, {2, 5, 9}};

    private static int kind(int host) {
        for (int kind = 0; kind < RESIDUES.length; kind++) {
            if (indexOf(RESIDUES[kind], host % 10) >= 0) {
                return kind;
            }
        }
        throw new IllegalStateException("no kind for host " + host);
    }

    private static int indexOf(int[] slots, int residue) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == residue) {
                return i;
            }
        }
        return -1;
    }

    /** SHA-256 (lower-case hex) of what each kind must receive. */
    public record Expected(byte[] fullIso, String pxeInitrd, String kernel, String rootfs) {
    }

    /** What the storm saw. */
    public record Report(StormClients.Outcome outcome, List<Long> probeMillis, int probeFailures, int maxThreads,
                         long maxRssKib, long maxDirectBytes, int virtualMediaHosts, boolean acceptsAfterwards) {
        public double probePercentile(double p) {
            if (probeMillis.isEmpty()) {
                return Double.NaN;
            }
            List<Long> sorted = new ArrayList<>(probeMillis);
            Collections.sort(sorted);
            return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p / 100 * sorted.size()) - 1));
        }

        public long probeMax() {
            return probeMillis.stream().mapToLong(Long::longValue).max().orElse(-1);
        }

        /** One line per measure, for a log or a Markdown table. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            outcome.byKind().forEach((kind, counts) -> lines.add(kind + ": " + counts[0] + " completed, " + counts[1]
                    + " failed"));
            lines.add(String.format(Locale.ROOT, "probes: %d answered, %d failed, p50 %.0f ms, p99 %.0f ms, max %d ms",
                    probeMillis.size(), probeFailures, probePercentile(50), probePercentile(99), probeMax()));
            lines.add("max platform threads: " + maxThreads);
            lines.add("max RSS: " + maxRssKib / 1024 + " MiB");
            lines.add("max direct memory used: " + maxDirectBytes / (1024 * 1024) + " MiB");
            lines.add("body bytes read: " + outcome.bodyBytes() / (1024 * 1024) + " MiB");
            lines.add("accepts connections afterwards: " + acceptsAfterwards);
            outcome.failures().forEach(failure -> lines.add("failure: " + failure));
            return lines;
        }
    }

    private BootStorm() {
    }

    /** The hosts of a plan, in start order (kinds interleaved). */
    public static List<StormClients.Job> jobs(Plan plan, Expected expected) {
        List<StormClients.Job> jobs = new ArrayList<>();
        String fullIso = sha256(expected.fullIso());
        List<String> virtualMediaReads = virtualMediaReads(plan.virtualMediaBytes(), expected.fullIso());
        for (int i = 0; i < plan.clients(); i++) {
            String id = plan.imageId().apply(plan.imageNumber(i));
            String version = plan.openshiftVersion();
            jobs.add(switch (kind(i)) {
                case ISO -> new StormClients.Job("slow ISO download (short URL)", List.of(new StormClients.Step(
                        "/byid/" + id + "/" + version + "/x86_64/full.iso", null, 200, fullIso)), plan.bytesPerSecond(),
                        false);
                case VIRTUAL_MEDIA -> new StormClients.Job("virtual media (256 KiB Range reads)",
                        virtualMediaSteps(id, version,
                                Math.min(plan.virtualMediaBytes(), expected.fullIso().length), virtualMediaReads),
                        plan.bytesPerSecond(), true);
                default -> new StormClients.Job("iPXE (kernel, pxe-initrd, rootfs)", List.of(
                        new StormClients.Step("/boot-artifacts/kernel?version=" + version + "&arch=x86_64", null, 200,
                                expected.kernel()),
                        new StormClients.Step("/images/" + id + "/pxe-initrd?version=" + version + "&arch=x86_64", null,
                                200, expected.pxeInitrd()),
                        new StormClients.Step("/boot-artifacts/rootfs?version=" + version + "&arch=x86_64", null, 200,
                                expected.rootfs())), plan.bytesPerSecond(), false);
            });
        }
        return jobs;
    }

    /** SHA-256 of each 256 KiB read of the first {@code bytes} of the ISO, in order (the same for every host). */
    private static List<String> virtualMediaReads(long bytes, byte[] iso) {
        List<String> reads = new ArrayList<>();
        long end = Math.min(bytes, iso.length);
        for (long first = 0; first < end; first += VIRTUAL_MEDIA_READ_BYTES) {
            long last = Math.min(end, first + VIRTUAL_MEDIA_READ_BYTES) - 1;
            reads.add(sha256(iso, (int) first, (int) (last + 1 - first)));
        }
        return reads;
    }

    private static List<StormClients.Step> virtualMediaSteps(String id, String version, long end, List<String> reads) {
        List<StormClients.Step> steps = new ArrayList<>();
        for (int i = 0; i < reads.size(); i++) {
            long first = (long) i * VIRTUAL_MEDIA_READ_BYTES;
            steps.add(new StormClients.Step("/images/" + id + "?version=" + version + "&type=full-iso&arch=x86_64",
                    "bytes=" + first + "-" + (Math.min(end, first + VIRTUAL_MEDIA_READ_BYTES) - 1), 206, reads.get(i)));
        }
        return steps;
    }

    /** Runs the storm and waits for it to end. */
    public static Report run(Plan plan, Expected expected) throws IOException, InterruptedException {
        List<StormClients.Job> jobs = jobs(plan, expected);
        int virtualMedia = (int) jobs.stream().filter(job -> job.kind().startsWith("virtual media")).count();
        List<Long> probes = Collections.synchronizedList(new ArrayList<>());
        int[] probeFailures = {0};
        List<String> probeErrors = Collections.synchronizedList(new ArrayList<>());
        int[] maxThreads = {0};
        long[] maxRss = {0};
        long[] maxDirect = {0};
        AtomicBoolean running = new AtomicBoolean(true);
        Thread prober = new Thread(() -> {
            int n = 0;
            while (running.get()) {
                long start = System.nanoTime();
                try {
                    int status = get(plan.probePort(), n++ % 2 == 0 ? "/live" : "/health");
                    if (status == 200) {
                        probes.add((System.nanoTime() - start) / 1_000_000);
                    } else {
                        probeFailures[0]++;
                        probeErrors.add("probe status " + status);
                    }
                } catch (IOException e) {
                    probeFailures[0]++;
                    probeErrors.add("probe failed after " + (System.nanoTime() - start) / 1_000_000 + " ms: " + e);
                }
                sleepUntil(start + PROBE_INTERVAL.toNanos());
            }
        }, "storm-prober");
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                long start = System.nanoTime();
                sampleProc(plan.pid(), maxThreads, maxRss);
                try {
                    maxDirect[0] = Math.max(maxDirect[0], directBytes(plan.probePort()));
                } catch (IOException e) {
                    // /metrics is checked by the probes' health; a missed sample is only a missed sample
                }
                sleepUntil(start + SAMPLE_INTERVAL.toNanos());
            }
        }, "storm-sampler");
        prober.start();
        sampler.start();
        StormClients.Outcome outcome;
        try {
            outcome = StormClients.run(plan.port(), jobs, plan.spacing(), plan.limit());
        } finally {
            running.set(false);
            prober.join();
            sampler.join();
        }
        boolean accepts;
        try {
            accepts = get(plan.port(), "/live") == 200;
        } catch (IOException e) {
            accepts = false;
        }
        List<String> failures = new ArrayList<>(probeErrors.subList(0, Math.min(10, probeErrors.size())));
        failures.addAll(outcome.failures());
        return new Report(new StormClients.Outcome(outcome.byKind(), failures, outcome.bodyBytes()), List.copyOf(probes),
                probeFailures[0], maxThreads[0], maxRss[0], maxDirect[0], virtualMedia, accepts);
    }

    /** One GET on a new connection; the status, after reading the whole response. */
    static int get(int port, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) PROBE_TIMEOUT.toMillis());
            socket.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!response.startsWith("HTTP/1.1 ")) {
                throw new IOException("not an HTTP response: " + response);
            }
            return Integer.parseInt(response.substring(9, 12));
        }
    }

    private static long directBytes(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) PROBE_TIMEOUT.toMillis());
            socket.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
            socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            Matcher matcher = DIRECT_USED.matcher(text);
            return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
        }
    }

    /** Platform threads and RSS of a process, raising the maxima. */
    public static void sampleProc(long pid, int[] maxThreads, long[] maxRssKib) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    maxRssKib[0] = Math.max(maxRssKib[0], Long.parseLong(line.replaceAll("\\D", "")));
                } else if (line.startsWith("Threads:")) {
                    maxThreads[0] = Math.max(maxThreads[0], Integer.parseInt(line.replaceAll("\\D", "")));
                }
            }
        } catch (IOException e) {
            // the process has ended; the caller sees that elsewhere
        }
    }

    /** Platform threads of a process now. */
    public static int threads(long pid) {
        int[] threads = {0};
        sampleProc(pid, threads, new long[1]);
        return threads[0];
    }

    /** Open file descriptors of a process now. */
    public static long openFiles(long pid) throws IOException {
        try (var files = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return files.count();
        }
    }

    public static String sha256(byte[] bytes, int offset, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes, offset, length);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(byte[] bytes) {
        return sha256(bytes, 0, bytes.length);
    }

    private static void sleepUntil(long nanoTime) {
        long millis = (nanoTime - System.nanoTime()) / 1_000_000;
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
