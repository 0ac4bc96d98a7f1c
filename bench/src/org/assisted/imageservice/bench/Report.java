package org.assisted.imageservice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The Markdown results of one run: machine facts, one table per scenario, printed as it goes. */
final class Report {

    private final Path file;
    private final StringBuilder text = new StringBuilder();

    Report(Path file) {
        this.file = file;
    }

    /** @param tomcatJava the JDK Tomcat runs on */
    void machine(BenchOptions options, long isoBytes, Path tomcatJava) throws IOException, InterruptedException {
        line("## Run of " + OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        line("");
        line("- machine: " + Runtime.getRuntime().availableProcessors() + " CPUs (" + cpuModel() + "), "
                + (memTotalKib() / 1024 / 1024) + " GiB RAM, Linux " + System.getProperty("os.version"));
        line("- load average at start (1/5/15 min): " + loadAverage());
        String tomcatJavaVersion = command(tomcatJava.resolve("bin/java").toString(), "-version").lines().skip(2)
                .findFirst().orElse(tomcatJava.toString());
        line("- Java of Tomcat: " + (options.externalService() != null ? "the service started by "
                + options.externalService().getFileName() : tomcatJavaVersion + "; Tomcat 11.0.25 with -Xmx"
                + options.heapMib() + "m") + "; " + command("nginx", "-v"));
        line("- base ISO: " + isoBytes + " bytes (" + (options.runs("storm")
                ? "4 MiB rootfs, 1 MiB initrd, 1 MiB kernel"
                : options.rootfsMib() + " MiB random rootfs, 100 MiB initrd, 12 MiB kernel") + "); "
                + options.reps() + " repetitions, order reversed every other one; extra service parameters: "
                + (options.serviceParams().isEmpty() ? "none" : options.serviceParams()));
        if (options.compareWar() != null) {
            line("- also measured: " + options.compareWar().getFileName() + " deployed as /baseline, same parameters");
        }
        line("");
    }

    void table(String title, Map<String, List<Double>> samples, boolean higherIsBetter) throws IOException {
        String reference = samples.keySet().iterator().next();
        List<Double> base = samples.get(reference);
        line("### " + title);
        line("");
        line("| target | median | " + (higherIsBetter ? "" : "inverse ") + "ratio to " + reference
                + " (median of per-repetition ratios; > 1 = better) | samples |");
        line("| --- | ---: | ---: | --- |");
        for (Map.Entry<String, List<Double>> entry : samples.entrySet()) {
            List<Double> values = entry.getValue();
            List<Double> ratios = new java.util.ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                ratios.add(higherIsBetter ? values.get(i) / base.get(i) : base.get(i) / values.get(i));
            }
            String ratio = fmt(Measure.median(ratios)) + "×";
            line("| " + entry.getKey() + " | " + fmt(Measure.median(values)) + " | " + ratio + " | "
                    + values.stream().map(Report::fmt).collect(Collectors.joining(", ")) + " |");
        }
        line("");
        flush();
    }

    void slow(SlowClients.Outcome o, int seconds) throws IOException {
        line("### " + o.clients() + " concurrent downloads of the customized ISO, each read at 1 MiB/s for "
                + seconds + " s");
        line("");
        line("Clients start 10 ms apart. Heap: largest occupancy before and after any collection (young "
                + "collections leave old garbage), and the live set left by a full collection requested mid-run.");
        line("");
        line("| answered 200 | fell behind pace | max RSS (MiB) | max threads | max heap after GC (MiB) "
                + "| max heap before GC (MiB) | live heap mid-run (MiB) | OutOfMemoryError |");
        line("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        line("| " + o.ok() + " | " + o.belowPace() + " | " + o.maxRssKib() / 1024 + " | " + o.maxThreads() + " | "
                + o.maxHeapAfterGcMib() + " | " + o.maxHeapBeforeGcMib() + " | " + o.liveHeapMib() + " | "
                + (o.outOfMemory() ? "yes" : "no")
                + " |");
        line("");
        flush();
    }

    /** A section of pre-formatted lines (the boot storm's report). */
    void section(String title, List<String> lines) throws IOException {
        line("### " + title);
        line("");
        lines.forEach(text -> line("- " + text));
        line("");
        flush();
    }

    void restart(List<Double> seconds) throws IOException {
        line("### Restart to ready (warm DATA_DIR): JVM start until /health answers 200");
        line("");
        line("median " + fmt(Measure.median(seconds)) + " s (samples: "
                + seconds.stream().map(Report::fmt).collect(Collectors.joining(", ")) + " s)");
        line("");
        flush();
    }

    void finish() throws IOException {
        line("- load average at end (1/5/15 min): " + loadAverage());
        flush();
        System.out.println("results: " + file);
    }

    private void line(String value) {
        text.append(value).append('\n');
        System.out.println(value);
    }

    private void flush() throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static String fmt(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " / " + fields[1] + " / " + fields[2];
    }

    private static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown model");
    }

    private static long memTotalKib() throws IOException {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
    }

    private static String command(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()).trim();
        process.waitFor();
        return output;
    }
}
