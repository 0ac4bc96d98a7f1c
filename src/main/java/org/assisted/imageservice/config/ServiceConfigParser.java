package org.assisted.imageservice.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.logging.Level;
import org.assisted.imageservice.config.EnvReader.Setting;
import org.assisted.imageservice.config.ServiceConfig.AssistedServiceConfig;
import org.assisted.imageservice.config.ServiceConfig.ServingConfig;

/** Builds {@link ServiceConfig} from variables; the store part lives in {@link StoreConfigParser}. */
final class ServiceConfigParser {

    static final Path DEFAULT_DATA_TEMP_DIR = Path.of("/data_temp");
    static final long MAX_TIMEOUT_SECONDS = 86_400;

    private static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 400;
    private static final int DEFAULT_MAX_WAITING_REQUESTS = 2000;
    private static final long DEFAULT_REQUEST_WAIT_TIMEOUT_SECONDS = 60;
    private static final long DEFAULT_ASSISTED_CONNECT_TIMEOUT_SECONDS = 10;
    private static final long DEFAULT_ASSISTED_TIMEOUT_SECONDS = 60;
    private static final int MAX_PORT = 65_535;
    /**
     * A BMC powers a host on and runs its self-test (one to several minutes) before its virtual media reads the
     * first sector, and the boot then reads for minutes: 30 s keeps the fetches per boot at a few while an
     * InfraEnv changed before a host is (re)booted is already served fresh.
     */
    private static final long DEFAULT_ASSISTED_CACHE_SECONDS = 30;
    /** Longer reuse would keep a revoked credential working for too long. */
    private static final long MAX_ASSISTED_CACHE_SECONDS = 300;

    private ServiceConfigParser() {
    }

    static ServiceConfig parse(Map<String, String> values, Path defaultDataTempDir) {
        EnvReader env = new EnvReader(values);
        AssistedServiceConfig assistedService = assistedService(env);
        ServiceConfig.StoreConfig store = StoreConfigParser.parse(env, defaultDataTempDir);
        ServingConfig serving = new ServingConfig(
                (int) env.integer("MAX_CONCURRENT_REQUESTS", DEFAULT_MAX_CONCURRENT_REQUESTS, 1, Integer.MAX_VALUE),
                (int) env.integer("MAX_CONCURRENT_BOOT_ARTIFACT_REQUESTS", DEFAULT_MAX_CONCURRENT_REQUESTS, 1,
                        Integer.MAX_VALUE),
                (int) env.integer("MAX_WAITING_REQUESTS", DEFAULT_MAX_WAITING_REQUESTS, 0, Integer.MAX_VALUE),
                Duration.ofSeconds(env.integer("REQUEST_WAIT_TIMEOUT_SECONDS", DEFAULT_REQUEST_WAIT_TIMEOUT_SECONDS, 1,
                        MAX_TIMEOUT_SECONDS)),
                allowedDomains(env), listeners(env),
                Duration.ofSeconds(env.integer("ASSISTED_SERVICE_CACHE_SECONDS", DEFAULT_ASSISTED_CACHE_SECONDS, 0,
                        MAX_ASSISTED_CACHE_SECONDS)),
                probePort(env));
        return new ServiceConfig(store, assistedService, serving, logLevel(env));
    }

    private static AssistedServiceConfig assistedService(EnvReader env) {
        Setting host = env.required("ASSISTED_SERVICE_HOST");
        Setting scheme = env.required("ASSISTED_SERVICE_SCHEME");
        String schemeName = scheme.value().toLowerCase(Locale.ROOT);
        if (!schemeName.equals("http") && !schemeName.equals("https")) {
            throw scheme.invalid("must be http or https");
        }
        Path caFile = caFile(env.nonEmpty("ASSISTED_SERVICE_API_TRUSTED_CA_FILE").or(() -> env.nonEmpty("HTTPS_CA_FILE")));
        Duration connectTimeout = env.seconds("ASSISTED_SERVICE_CONNECT_TIMEOUT_SECONDS",
                DEFAULT_ASSISTED_CONNECT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS);
        Duration responseTimeout = env.seconds("ASSISTED_SERVICE_TIMEOUT_SECONDS",
                DEFAULT_ASSISTED_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS);
        return new AssistedServiceConfig(baseUri(schemeName, host), caFile, connectTimeout, responseTimeout);
    }

    private static URI baseUri(String scheme, Setting host) {
        try {
            URI uri = new URI(scheme + "://" + host.value());
            boolean hostOnly = uri.getHost() != null && uri.getRawUserInfo() == null && uri.getRawPath().isEmpty()
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getPort() <= MAX_PORT;
            if (hostOnly) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below, with the variable's name
        }
        throw host.invalid("must be host or host:port");
    }

    /** A PEM bundle that must be readable and hold at least one certificate; null when not configured. */
    static Path caFile(Optional<Setting> setting) {
        if (setting.isEmpty()) {
            return null;
        }
        Path file;
        try {
            file = Path.of(setting.get().value()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw setting.get().invalid("not a valid path");
        }
        List<X509Certificate> certificates;
        try {
            certificates = PemCertificates.read(file);
        } catch (IOException e) {
            throw setting.get().invalid("cannot read file (" + e.getClass().getSimpleName() + ")");
        }
        if (certificates.isEmpty()) {
            throw setting.get().invalid("no PEM certificate found");
        }
        return file;
    }

    private static List<String> allowedDomains(EnvReader env) {
        String raw = env.string("ALLOWED_DOMAINS", "").replace(" ", "");
        return Arrays.stream(raw.split(",")).filter(domain -> !domain.isEmpty()).toList();
    }

    /**
     * The variables only tell which connectors exist; Tomcat reads the files and ports. A context parameter of
     * the same name overrides the environment, for a Tomcat configured without configure-connectors.sh.
     */
    private static ServiceConfig.Listeners listeners(EnvReader env) {
        boolean tls = env.nonEmpty("HTTPS_CERT_FILE").isPresent() && env.nonEmpty("HTTPS_KEY_FILE").isPresent();
        return ServiceConfig.Listeners.of(tls, env.nonEmpty("HTTP_LISTEN_PORT").isPresent());
    }

    /** Set by configure-connectors.sh's rule: empty means no probe connector. */
    private static OptionalInt probePort(EnvReader env) {
        if (env.nonEmpty("PROBE_LISTEN_PORT").isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) env.integer("PROBE_LISTEN_PORT", 0, 1, MAX_PORT));
    }

    /** logrus level names (case-insensitive); LOGLEVEL, the name upstream reads, wins over the documented LOG_LEVEL. */
    private static Level logLevel(EnvReader env) {
        Optional<Setting> setting = env.lookup("LOGLEVEL").or(() -> env.lookup("LOG_LEVEL"));
        if (setting.isEmpty()) {
            return Level.INFO;
        }
        return switch (setting.get().value().toLowerCase(Locale.ROOT)) {
            case "panic", "fatal", "error" -> Level.SEVERE;
            case "warn", "warning" -> Level.WARNING;
            case "info" -> Level.INFO;
            case "debug" -> Level.FINE;
            case "trace" -> Level.FINEST;
            default -> throw setting.get().invalid("not a valid level (panic, fatal, error, warn, warning, info, debug, trace)");
        };
    }
}
