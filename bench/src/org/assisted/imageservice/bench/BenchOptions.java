package org.assisted.imageservice.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of the driver ({@code bench/run.sh --help}).
 *
 * @param phases        phases to run; empty = all (throughput, other-images, ranges, ttfb, slow, restart)
 * @param serviceParams extra context parameters for the service (e.g. ASSISTED_SERVICE_CACHE_SECONDS=5)
 * @param compareWar    another build of the service, deployed beside it as /baseline with the same parameters and
 *                      measured as one more target in the Range-read phase; null = none
 * @param externalService a script that starts the service under test instead of the bench's Tomcat
 *                      ({@link ExternalService}, e.g. bench/container.sh); null = the bench's Tomcat
 */
record BenchOptions(Path repo, int portBase, int reps, long rootfsMib, int rangeConnections, int slowClients,
                    int slowSeconds, Set<String> phases, boolean jfr, Map<String, String> serviceParams,
                    Path compareWar, int stormClients, int stormPaceKib, Path javaHome,
                    Path externalService, int heapMib) {

    static final String USAGE = """
            options: --port-base P (nginx P, Tomcat P+1, shutdown P+2, probes P+3; default 28680) --reps N (default 5)
                     --rootfs-mib N (default 1024) --range-connections N (default 4) --slow-clients N (default 400)
                     --slow-seconds N (default 30) --phases a,b (throughput,other-images,ranges,ttfb,slow,restart;
                     hold = keep the servers up for profiling by hand until target/bench/hold is deleted)
                     --jfr (record a JFR profile of Tomcat into target/bench/tomcat.jfr) --param NAME=VALUE (service)
                     --compare-war PATH (another build of the service as /baseline, an extra Range-read target)
                     --phases storm (alone: a boot storm on a small ISO) --storm-clients N (default 2000)
                     --storm-pace-kib N (every host's read rate, default 128)
                     --java-home PATH (the JDK Tomcat runs on; default the newest under /usr/lib/jvm)
                     --external-service SCRIPT (with --phases slow: the service is started by SCRIPT, e.g.
                     bench/container.sh, instead of the bench's Tomcat) --heap-mib N (Tomcat's -Xmx, default 256)""";

    static BenchOptions parse(String[] args) {
        int portBase = 28680;
        int reps = 5;
        long rootfsMib = 1024;
        int rangeConnections = 4;
        int slowClients = 400;
        int slowSeconds = 30;
        Set<String> phases = Set.of();
        boolean jfr = false;
        Map<String, String> params = new LinkedHashMap<>();
        Path compareWar = null;
        int stormClients = 2000;
        int stormPaceKib = 128;
        Path javaHome = null;
        Path externalService = null;
        int heapMib = 256;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port-base" -> portBase = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--rootfs-mib" -> rootfsMib = Long.parseLong(args[++i]);
                case "--range-connections" -> rangeConnections = Integer.parseInt(args[++i]);
                case "--slow-clients" -> slowClients = Integer.parseInt(args[++i]);
                case "--slow-seconds" -> slowSeconds = Integer.parseInt(args[++i]);
                case "--phases" -> phases = Set.of(args[++i].split(","));
                case "--jfr" -> jfr = true;
                case "--compare-war" -> compareWar = Path.of(args[++i]).toAbsolutePath();
                case "--storm-clients" -> stormClients = Integer.parseInt(args[++i]);
                case "--storm-pace-kib" -> stormPaceKib = Integer.parseInt(args[++i]);
                case "--java-home" -> javaHome = Path.of(args[++i]).toAbsolutePath();
                case "--external-service" -> externalService = Path.of(args[++i]).toAbsolutePath();
                case "--heap-mib" -> heapMib = Integer.parseInt(args[++i]);
                case "--param" -> {
                    String[] pair = args[++i].split("=", 2);
                    params.put(pair[0], pair[1]);
                }
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        if (phases.contains("storm") && phases.size() > 1) {
            throw new IllegalArgumentException("--phases storm runs alone (on a small ISO of its own)\n" + USAGE);
        }
        if (externalService != null && !phases.equals(Set.of("slow"))) {
            throw new IllegalArgumentException("--external-service runs with --phases slow only\n" + USAGE);
        }
        return new BenchOptions(Path.of("").toAbsolutePath(), portBase, reps, rootfsMib, rangeConnections, slowClients,
                slowSeconds, phases, jfr, params, compareWar, stormClients, stormPaceKib, javaHome, externalService,
                heapMib);
    }

    boolean runs(String phase) {
        return phases.isEmpty() && !phase.equals("storm") || phases.contains(phase);
    }

    Path work() {
        return repo.resolve("target/bench");
    }

    Path catalinaHome() {
        return repo.resolve("target/tomcat/apache-tomcat-11.0.25");
    }

    Path plainWar() {
        return work().resolve("plain.war");
    }
}
