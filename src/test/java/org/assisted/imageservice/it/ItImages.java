package org.assisted.imageservice.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.assisted.imageservice.testsupport.FakeAssistedService;

/** OS_IMAGES entries and the deployment parameters shared by the integration tests. */
final class ItImages {

    /** Boot artifacts of the test ISOs are a few KiB; the validator's minimums are lowered to match. */
    private static final String MIN_ARTIFACT_BYTES = "1024";

    private ItImages() {
    }

    /**
     * One OS_IMAGES element.
     *
     * @param url a {@code file:} or {@code http:} URL of the ISO
     */
    /** @param sha256 the digest the entry names (our extension), or null */
    record Entry(String openshiftVersion, String arch, String version, String type, String url, String sha256) {

        Entry(String openshiftVersion, String arch, String version, String type, String url) {
            this(openshiftVersion, arch, version, type, url, null);
        }

        static Entry full(String openshiftVersion, String arch, String version, Path iso) {
            return new Entry(openshiftVersion, arch, version, "full-iso", iso.toUri().toString());
        }

        String json() {
            return "{\"openshift_version\":\"" + openshiftVersion + "\",\"cpu_architecture\":\"" + arch
                    + "\",\"url\":\"" + url + "\",\"version\":\"" + version + "\",\"type\":\"" + type + "\""
                    + (sha256 == null ? "" : ",\"sha256\":\"" + sha256 + "\"") + "}";
        }
    }

    /** Context parameters for a deployment storing its images below {@code work}. */
    static Map<String, String> parameters(Path work, FakeAssistedService assisted, List<Entry> images)
            throws IOException {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("DATA_DIR", Files.createDirectories(work.resolve("data")).toString());
        parameters.put("DATA_TEMP_DIR", Files.createDirectories(work.resolve("tmp")).toString());
        parameters.put("ASSISTED_SERVICE_SCHEME", assisted.scheme());
        parameters.put("ASSISTED_SERVICE_HOST", assisted.hostAndPort());
        parameters.put("IMAGE_SERVICE_BASE_URL", "http://127.0.0.1:" + System.getProperty("it.http.port", "8080"));
        parameters.put("MIN_ROOTFS_SIZE", MIN_ARTIFACT_BYTES);
        parameters.put("MIN_KERNEL_SIZE", MIN_ARTIFACT_BYTES);
        parameters.put("OS_IMAGES", osImages(images));
        return parameters;
    }

    /** The OS_IMAGES value listing {@code images}. */
    static String osImages(List<Entry> images) {
        return images.stream().map(Entry::json).collect(Collectors.joining(",", "[", "]"));
    }

    /** A lower-case UUID that is distinct per {@code n}. */
    static String id(int n) {
        return String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", n);
    }
}
