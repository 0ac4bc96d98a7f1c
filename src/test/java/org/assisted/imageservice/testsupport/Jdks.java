package org.assisted.imageservice.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDKs installed beside the one running the build: {@code $STORM_JAVA_HOME} if set, else every directory of
 * {@code /usr/lib/jvm} (where Debian's and Temurin's packages install) with a {@code release} file. Tomcat's virtual
 * threads need Java 24 or later to hold no platform thread while a write waits (see configure-connectors.sh).
 */
public final class Jdks {

    /** The first Java version whose virtual threads do not pin in Tomcat's blocking socket writes. */
    public static final int VIRTUAL_THREADS_FEATURE = 24;
    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    private Jdks() {
    }

    /** The newest JDK found, or the running one. */
    public static Path newest() throws IOException {
        return candidates().stream().max(Comparator.comparingInt(Jdks::feature))
                .orElse(Path.of(System.getProperty("java.home")));
    }

    /** The feature version ({@code 17}, {@code 25}) of a JDK home, 0 if it has no readable release file. */
    public static int feature(Path home) {
        try {
            Matcher matcher = VERSION.matcher(Files.readString(home.resolve("release")));
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<Path> candidates() throws IOException {
        String configured = System.getenv("STORM_JAVA_HOME");
        if (configured != null && !configured.isEmpty()) {
            return List.of(Path.of(configured));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return List.of();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")) && feature(home) > 0)
                    .map(Path::toAbsolutePath).toList();
        }
    }

    /** Whether the JDK at {@code home} runs Tomcat's requests on virtual threads with tomcat-conf. */
    public static boolean hasUnpinnedVirtualThreads(Path home) {
        return feature(home) >= VIRTUAL_THREADS_FEATURE;
    }
}
