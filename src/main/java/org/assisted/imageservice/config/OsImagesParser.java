package org.assisted.imageservice.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.assisted.imageservice.config.EnvReader.Setting;

/** OS_IMAGES / RHCOS_VERSIONS: which variable wins, the entry rules, and the built-in list. */
final class OsImagesParser {

    private static final List<String> REQUIRED_KEYS = List.of("openshift_version", "cpu_architecture", "url", "version");
    private static final Set<String> URL_SCHEMES = Set.of("http", "https", "file");
    private static final String MIRROR = "https://mirror.openshift.com/pub/openshift-v4/";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    /** docs/upstream-behaviour.md#default-image-list, used when both variables are unset or empty. */
    static final List<OsImageEntry> DEFAULT_IMAGES = List.of(
            full("4.8", "x86_64", "48.84.202109241901-0",
                    "x86_64/dependencies/rhcos/4.8/4.8.14/rhcos-4.8.14-x86_64-live.x86_64.iso"),
            full("4.9", "x86_64", "49.84.202110081407-0",
                    "x86_64/dependencies/rhcos/4.9/4.9.0/rhcos-4.9.0-x86_64-live.x86_64.iso"),
            full("4.9", "arm64", "49.84.202110080947-0",
                    "aarch64/dependencies/rhcos/4.9/4.9.0/rhcos-4.9.0-aarch64-live.aarch64.iso"),
            full("4.10", "x86_64", "410.84.202201251210-0",
                    "x86_64/dependencies/rhcos/4.10/4.10.3/rhcos-4.10.3-x86_64-live.x86_64.iso"),
            full("4.10", "arm64", "410.84.202201251210-0",
                    "aarch64/dependencies/rhcos/4.10/4.10.3/rhcos-4.10.3-aarch64-live.aarch64.iso"),
            full("4.11", "x86_64", "411.85.202203242008-0",
                    "x86_64/dependencies/rhcos/pre-release/4.11.0-0.nightly-2022-04-16-163450/"
                            + "rhcos-4.11.0-0.nightly-2022-04-16-163450-x86_64-live.x86_64.iso"),
            full("4.11", "arm64", "411.86.202204190940-0",
                    "aarch64/dependencies/rhcos/pre-release/4.11.0-0.nightly-arm64-2022-04-19-171931/"
                            + "rhcos-4.11.0-0.nightly-arm64-2022-04-19-171931-aarch64-live.aarch64.iso"));

    private OsImagesParser() {
    }

    static List<OsImageEntry> parse(EnvReader env) {
        Optional<Setting> setting = env.nonEmpty("OS_IMAGES").or(() -> env.nonEmpty("RHCOS_VERSIONS"));
        if (setting.isEmpty()) {
            return DEFAULT_IMAGES;
        }
        List<Map<String, String>> raw = JsonStringObjects.parseList(setting.get());
        if (raw.isEmpty()) {
            throw new ConfigException(setting.get().name() + ": invalid versions: must not be empty");
        }
        List<OsImageEntry> entries = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            entries.add(entry(setting.get().name(), i, raw.get(i)));
        }
        return entries;
    }

    private static OsImageEntry entry(String variable, int index, Map<String, String> fields) {
        for (String key : REQUIRED_KEYS) {
            if (!fields.containsKey(key)) {
                throw new ConfigException(variable + ": invalid version entry " + index + ": missing " + key + " key");
            }
        }
        String prefix = variable + ": entry " + index + ": ";
        String type = fields.getOrDefault("type", "");
        ImageType imageType = type.isEmpty() ? ImageType.FULL_ISO : ImageType.fromWireName(type)
                .filter(t -> t != ImageType.MINIMAL_ISO)
                .orElseThrow(() -> new ConfigException(prefix + "invalid image type: " + type));
        for (String key : List.of("version", "cpu_architecture")) {
            String value = fields.get(key);
            if (value.contains("/") || value.contains("\\") || value.indexOf('\0') >= 0) {
                throw new ConfigException(prefix + key + " " + EnvReader.quote(value)
                        + " must not contain path separators");
            }
        }
        String url = fields.get("url");
        if (!isDownloadUrl(url)) {
            throw new ConfigException(prefix + "url " + EnvReader.quote(url)
                    + " must be an absolute http, https or file URL");
        }
        return new OsImageEntry(fields.get("openshift_version"), fields.get("cpu_architecture"), url,
                fields.get("version"), imageType, sha256(prefix, fields.get("sha256")));
    }

    /** Our extension: the digest the download must have, as coreos-installer's stream metadata gives it. */
    private static Optional<String> sha256(String prefix, String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (!SHA256.matcher(value).matches()) {
            throw new ConfigException(prefix + "sha256 must be 64 hexadecimal digits, got " + value.length()
                    + " characters");
        }
        return Optional.of(value.toLowerCase(Locale.ROOT));
    }

    private static boolean isDownloadUrl(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.isOpaque()) {
                return false;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            return URL_SCHEMES.contains(scheme)
                    && (scheme.equals("file") ? !uri.getRawPath().isEmpty() : uri.getHost() != null);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static OsImageEntry full(String openshiftVersion, String arch, String version, String mirrorPath) {
        return new OsImageEntry(openshiftVersion, arch, MIRROR + mirrorPath, version, ImageType.FULL_ISO);
    }
}
