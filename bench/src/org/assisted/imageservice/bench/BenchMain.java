package org.assisted.imageservice.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assisted.imageservice.bench.Measure.Target;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.Jdks;

/**
 * The benchmark driver behind bench/run.sh: nginx, the service in a real Tomcat and the
 * assisted-service stand-in, measured in one run, alternating the order of the targets every
 * repetition; reports medians and per-repetition ratios as Markdown.
 */
public final class BenchMain {

    static final String IMAGE_ID = "6f1d5c3e-8a2b-4c7d-9e0f-1a2b3c4d5e6f";
    private static final String CREDENTIAL = "api_key=bench-not-a-secret";
    private static final String BASELINE_CONTEXT = "baseline";
    private static final int WARM_UP_SAMPLES = 2;
    /** The probe connector (PROBE_LISTEN_PORT) listens on the port base + 3. */
    private static final int PROBE_PORT_OFFSET = 3;
    /** Below 4.18: the bench rootfs is random bytes, with no nmstatectl for 4.18+ images to extract. */
    static final String OPENSHIFT_VERSION = "4.17";

    private final BenchOptions options;
    private final Report report;
    private FakeAssistedService assisted;
    private Tomcat tomcat;
    private ExternalService external;
    private long isoBytes;
    private Target nginx;
    private Target service;
    private Target plain;
    private Target baseline;
    private long nginxPid;

    private BenchMain(BenchOptions options) {
        this.options = options;
        this.report = new Report(options.work().resolve("results-" + Instant.now().getEpochSecond() + ".md"));
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        new BenchMain(options).run();
    }

    private void run() throws Exception {
        Path work = options.work();
        Path iso = options.runs("storm")
                ? BenchIso.ensure(work.resolve("www/storm.iso"), Storm.KERNEL_BYTES, Storm.INITRD_BYTES, Storm.ROOTFS_BYTES)
                : BenchIso.ensure(work.resolve("www/rhcos.iso"), options.rootfsMib() * Measure.MIB);
        isoBytes = Files.size(iso);
        report.machine(options, isoBytes, tomcatJava());
        int p = options.portBase();
        assisted = FakeAssistedService.start();
        assisted.image(IMAGE_ID).ignition(Ignitions.realistic())
                .kernelArguments("[{\"operation\":\"append\",\"value\":\"ip=dhcp\"}]");
        nginx = new Target("nginx", p, "/" + iso.getFileName());
        service = new Target("service", p + 1, "/images/" + IMAGE_ID + "?version=" + OPENSHIFT_VERSION
                + "&arch=x86_64&type=full-iso&"
                + CREDENTIAL);
        plain = new Target("plain servlet", p + 1, "/plain/");
        try (Nginx server = Nginx.start(work.resolve("nginx"), iso.getParent(), p)) {
            nginxPid = server.pid();
            if (options.externalService() != null) {
                external = ExternalService.start(options.externalService(), work.resolve("service.env"),
                        externalEnv(work, p, iso));
            } else {
                tomcat = Tomcat.layOut(options.repo(), options.catalinaHome(), work.resolve("tomcat-base"), p + 1,
                        p + 2, serviceParams(work, p, iso), options.plainWar(), iso, iso.getParent(), jvmOptions(work),
                        connectorEnv());
                if (options.compareWar() != null) {
                    tomcat.addWebapp(BASELINE_CONTEXT, options.compareWar(), serviceParams(work, p, iso));
                    baseline = new Target("service, --compare-war build", p + 1,
                            "/" + BASELINE_CONTEXT + service.path());
                }
                tomcat.start();
            }
            awaitReady(Duration.ofMinutes(10));
            runPhases();
        } finally {
            if (tomcat != null) {
                tomcat.close();
            }
            if (external != null) {
                report.section("The service as " + options.externalService().getFileName() + " ran it",
                        external.stop());
            }
            assisted.close();
            report.finish();
        }
    }

    private void runPhases() throws Exception {
        if (options.runs("throughput")) {
            Target direct = new Target("plain servlet, direct buffer", plain.port(), "/plain/?mode=direct");
            Target sendfile = new Target("Tomcat DefaultServlet (sendfile)", plain.port(), "/static/rhcos.iso");
            List<Target> targets = List.of(nginx, service, plain, direct, sendfile);
            double gib = isoBytes / (double) (1L << 30);
            alternate("Full ISO, 1 client (MiB/s)", targets, t -> Measure.throughput(t, 1, isoBytes), true,
                    new CpuUnit("s per GiB", gib));
            alternate("Full ISO, 8 concurrent clients (aggregate MiB/s)", targets,
                    t -> Measure.throughput(t, 8, isoBytes), true, new CpuUnit("s per GiB", 8 * gib));
        }
        if (options.runs("other-images")) {
            OtherImages.measure(this, options);
        }
        if (options.runs("ranges")) {
            List<Long> offsets = Measure.rangeOffsets(isoBytes, 1000, 42);
            Target sendfile = new Target("Tomcat DefaultServlet", plain.port(), "/static/rhcos.iso");
            List<Target> targets = baseline == null ? List.of(nginx, service, sendfile)
                    : List.of(nginx, service, baseline, sendfile);
            alternate("1,000 random 64 KiB Range reads over " + options.rangeConnections()
                            + " keep-alive connections (requests/s)", targets,
                    t -> Measure.rangeReads(t, offsets, options.rangeConnections()), true,
                    new CpuUnit("ms per request", offsets.size() / 1000.0));
        }
        if (options.runs("ttfb")) {
            alternate("Time to first byte, stand-in answering at once (ms)", List.of(nginx, service),
                    Measure::timeToFirstByte, false);
            assisted.image(IMAGE_ID).delayAll(Duration.ofMillis(50));
            alternate("Time to first byte, stand-in answering after 50 ms per call (ms)", List.of(nginx, service),
                    Measure::timeToFirstByte, false);
            assisted.image(IMAGE_ID).delayAll(Duration.ZERO);
        }
        if (options.runs("slow")) {
            SlowClients.Outcome outcome = external != null
                    ? SlowClients.run(service, options.slowClients(), Measure.MIB, options.slowSeconds(),
                            external.pid(), external.gcLog(), external.consoleLog())
                    : SlowClients.run(service, options.slowClients(), Measure.MIB, options.slowSeconds(),
                            tomcat.pid(), options.work().resolve("gc.log"), tomcat.base().resolve("logs/catalina.out"));
            report.slow(outcome, options.slowSeconds());
        }
        if (options.runs("restart")) {
            List<Double> seconds = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tomcat.close();
                Instant start = Instant.now();
                tomcat.start();
                awaitReady(Duration.ofMinutes(2));
                seconds.add(Duration.between(start, Instant.now()).toMillis() / 1000.0);
            }
            report.restart(seconds);
        }
        if (options.runs("storm")) {
            Storm.run(options, assisted, tomcat, service.port(), options.portBase() + PROBE_PORT_OFFSET, report,
                    options.work().resolve("gc.log"));
        }
        if (options.phases().contains("hold")) {
            hold();
        }
    }

    /** Keeps everything running for profiling by hand until target/bench/hold is deleted. */
    private void hold() throws IOException {
        Path flag = Files.writeString(options.work().resolve("hold"), "delete this file to stop the benchmark\n");
        System.out.println("holding: nginx on " + nginx.port() + ", Tomcat (pid " + tomcat.pid() + ") on "
                + service.port() + "; delete " + flag + " to stop");
        while (Files.exists(flag)) {
            Tomcat.sleep(500);
        }
    }

    /** One measurement of one target. */
    interface Sample {
        double take(Target target) throws Exception;
    }

    /**
     * The server CPU (user + system) a sample costs, per unit of work.
     *
     * @param label        e.g. "s per GiB"
     * @param unitsPerSample units of work in one sample
     */
    record CpuUnit(String label, double unitsPerSample) {
    }

    void alternate(String title, List<Target> targets, Sample sample, boolean higherIsBetter) throws Exception {
        alternate(title, targets, sample, higherIsBetter, null);
    }

    /** Runs every target once per repetition, reversing the order every other repetition. */
    void alternate(String title, List<Target> targets, Sample sample, boolean higherIsBetter, CpuUnit cpu)
            throws Exception {
        System.out.println("== " + title);
        // unmeasured samples of every target first, so that no target is measured while the JIT still compiles it
        for (int i = 0; i < WARM_UP_SAMPLES; i++) {
            for (Target target : targets) {
                sample.take(target);
            }
        }
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        Map<String, List<Double>> cpuSamples = new LinkedHashMap<>();
        targets.forEach(t -> samples.put(t.name(), new ArrayList<>()));
        targets.forEach(t -> cpuSamples.put(t.name(), new ArrayList<>()));
        for (int rep = 0; rep < options.reps(); rep++) {
            List<Target> order = new ArrayList<>(targets);
            if (rep % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Target target : order) {
                long pid = target.port() == nginx.port() ? nginxPid : tomcat.pid();
                double cpuBefore = CpuTime.seconds(pid);
                double value = sample.take(target);
                double cpuSeconds = CpuTime.seconds(pid) - cpuBefore;
                samples.get(target.name()).add(value);
                if (cpu != null) {
                    cpuSamples.get(target.name()).add(cpuSeconds / cpu.unitsPerSample());
                }
                System.out.printf("   rep %d %-40s %10.2f  (server CPU %.2f s)%n", rep + 1, target.name(), value,
                        cpuSeconds);
            }
        }
        report.table(title, samples, higherIsBetter);
        if (cpu != null) {
            report.table("Server CPU (user + system) " + cpu.label() + ": " + title, cpuSamples, false);
        }
    }

    private Map<String, String> connectorEnv() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_HOME", tomcatJava().toString());
        env.put("PROBE_LISTEN_PORT", Integer.toString(options.portBase() + PROBE_PORT_OFFSET));
        if (options.runs("storm")) {
            env.put("MAX_CONNECTIONS", Integer.toString(options.stormClients() + Storm.SPARE_CONNECTIONS));
        }
        return env;
    }

    /** The JDK Tomcat runs on: {@code --java-home}, else the newest installed. */
    private Path tomcatJava() throws IOException {
        return options.javaHome() != null ? options.javaHome() : Jdks.newest();
    }

    /**
     * The environment of an {@code --external-service}: the service's parameters and its port, without DATA_DIR and
     * DATA_TEMP_DIR, which belong to the environment it runs in (the container's volumes).
     */
    private Map<String, String> externalEnv(Path work, int port, Path iso) throws IOException {
        Map<String, String> env = serviceParams(work, port, iso);
        env.keySet().removeAll(List.of("DATA_DIR", "DATA_TEMP_DIR"));
        env.put("LISTEN_PORT", Integer.toString(port + 1));
        return env;
    }

    private Map<String, String> serviceParams(Path work, int port, Path iso) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        // The service keeps a downloaded ISO under a name made of its version alone, as upstream does: a DATA_DIR of
        // its own per base ISO (name and size) keeps a run from serving the ISO of an earlier run with other options.
        Path dataDir = work.resolve("data-" + iso.getFileName() + "-" + Files.size(iso));
        params.put("DATA_DIR", Files.createDirectories(dataDir).toString());
        params.put("DATA_TEMP_DIR", Files.createDirectories(work.resolve("data-tmp")).toString());
        params.put("ASSISTED_SERVICE_SCHEME", "http");
        params.put("ASSISTED_SERVICE_HOST", assisted.hostAndPort());
        params.put("OS_IMAGES", "[{\"openshift_version\":\"" + OPENSHIFT_VERSION + "\",\"cpu_architecture\":\"x86_64\",\"url\":"
                + "\"http://127.0.0.1:" + port + "/" + iso.getFileName() + "\",\"version\":\"" + BenchIso.VERSION + "\"}]");
        params.put("IMAGE_SERVICE_BASE_URL", "http://127.0.0.1:" + service.port()); // enables the minimal ISO
        if (options.runs("storm")) {
            params.putAll(Storm.serviceParams(options));
        }
        params.putAll(options.serviceParams());
        return params;
    }

    private List<String> jvmOptions(Path work) {
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + options.heapMib() + "m",
                "-Xlog:gc:file=" + work.resolve("gc.log")));
        if (options.jfr()) {
            jvm.add("-XX:StartFlightRecording=filename=" + work.resolve("tomcat.jfr") + ",settings=profile");
        }
        return jvm;
    }

    void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (external != null && !external.alive()) {
                throw new IOException("the service exited; see " + external.consoleLog());
            }
            if (tomcat != null && !tomcat.alive()) {
                throw new IOException("Tomcat exited; see " + tomcat.base().resolve("logs"));
            }
            try {
                if (healthy("/health") && (baseline == null || healthy("/" + BASELINE_CONTEXT + "/health"))) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Tomcat.sleep(100);
        }
        throw new IOException("service not ready after " + timeout);
    }

    private boolean healthy(String path) throws IOException, InterruptedException {
        HttpResponse<Void> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + (options.portBase() + 1) + path)).build(),
                HttpResponse.BodyHandlers.discarding());
        return health.statusCode() == 200;
    }

    Target nginx() {
        return nginx;
    }

    Target service() {
        return service;
    }
}
