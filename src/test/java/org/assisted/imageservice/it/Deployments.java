package org.assisted.imageservice.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The one deployment factory of the integration tests: the WAR the build produced, plus a
 * {@code META-INF/context.xml} whose {@code <Parameter>}s configure it the way an operator would.
 */
public final class Deployments {

    private Deployments() {
    }

    /** Upstream's one assisted-service call per request (the shipped default reuses answers for 30 s). */
    private static final Map<String, String> CALL_PER_REQUEST = Map.of("ASSISTED_SERVICE_CACHE_SECONDS", "0");

    /**
     * The WAR under test with the given configuration parameters and, unless they set it, without reusing
     * assisted-service's answers: these tests pin upstream's behaviour per request (they change the stand-in's
     * answers between requests and count its calls). The reuse itself is tested with {@link #warAsShipped}.
     */
    public static WebArchive war(String name, Map<String, String> parameters) {
        Map<String, String> pinned = new TreeMap<>(CALL_PER_REQUEST);
        pinned.putAll(parameters);
        return warAsShipped(name, pinned);
    }

    /** The WAR under test with the given configuration parameters and every other setting at its default. */
    public static WebArchive warAsShipped(String name, Map<String, String> parameters) {
        return ShrinkWrap.create(ZipImporter.class, name + ".war")
                .importFrom(new File(System.getProperty("it.war")))
                .as(WebArchive.class)
                .addAsManifestResource(new StringAsset(contextXml(parameters)), "context.xml");
    }

    /** A context descriptor whose {@code <Parameter>}s set the given configuration, in name order. */
    static String contextXml(Map<String, String> parameters) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Context>\n");
        new TreeMap<>(parameters).forEach((key, value) -> xml.append("  <Parameter name=\"").append(escape(key))
                .append("\" value=\"").append(escape(value)).append("\" override=\"false\"/>\n"));
        return xml.append("</Context>\n").toString();
    }

    /** A fresh directory below the build's integration-test work directory. */
    public static Path workDir(String name) throws IOException {
        Path dir = Path.of(System.getProperty("it.work.dir", "target/it-work")).toAbsolutePath().resolve(name);
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
        return Files.createDirectories(dir);
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
