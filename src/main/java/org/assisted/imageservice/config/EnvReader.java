package org.assisted.imageservice.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads variables the way upstream's envconfig does: {@code CLUSTER-IMAGE_<NAME>} first, then {@code <NAME>};
 * a variable set to the empty string counts as set.
 */
final class EnvReader {

    static final String PREFIX = "CLUSTER-IMAGE_";

    private final Map<String, String> values;

    EnvReader(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** A variable as found: the name actually used (prefixed or not) and its value. */
    record Setting(String name, String value) {

        ConfigException invalid(String problem) {
            return new ConfigException(name + "=" + quote(value) + ": " + problem);
        }

        /** For variables that may carry credentials: the value is not repeated. */
        ConfigException invalidSecret(String problem) {
            return new ConfigException(name + ": " + problem);
        }
    }

    Optional<Setting> lookup(String name) {
        for (String candidate : new String[] {PREFIX + name, name}) {
            String value = values.get(candidate);
            if (value != null) {
                return Optional.of(new Setting(candidate, value));
            }
        }
        return Optional.empty();
    }

    /**
     * The first of {@code names} set to a non-empty value, read as named: without the {@code CLUSTER-IMAGE_}
     * prefix, for variables that upstream's Go runtime reads itself rather than through envconfig (the proxy).
     */
    Optional<Setting> firstNonEmpty(String... names) {
        for (String name : names) {
            String value = values.get(name);
            if (value != null && !value.isEmpty()) {
                return Optional.of(new Setting(name, value));
            }
        }
        return Optional.empty();
    }

    /** @return the value, or empty when unset or set to the empty string */
    Optional<Setting> nonEmpty(String name) {
        return lookup(name).filter(s -> !s.value().isEmpty());
    }

    String string(String name, String defaultValue) {
        return lookup(name).map(Setting::value).orElse(defaultValue);
    }

    Setting required(String name) {
        return nonEmpty(name).orElseThrow(() -> new ConfigException(name + " is not set"));
    }

    long integer(String name, long defaultValue, long min, long max) {
        Optional<Setting> setting = lookup(name);
        if (setting.isEmpty()) {
            return defaultValue;
        }
        OptionalLong parsed = GoValues.parseInt(setting.get().value());
        if (parsed.isEmpty()) {
            throw setting.get().invalid("not an integer");
        }
        long value = parsed.getAsLong();
        if (value < min || value > max) {
            throw setting.get().invalid("must be between " + min + " and " + max);
        }
        return value;
    }

    Duration seconds(String name, long defaultSeconds, long maxSeconds) {
        return Duration.ofSeconds(integer(name, defaultSeconds, 1, maxSeconds));
    }

    boolean bool(String name, boolean defaultValue) {
        Optional<Setting> setting = lookup(name);
        if (setting.isEmpty()) {
            return defaultValue;
        }
        Boolean parsed = GoValues.parseBool(setting.get().value());
        if (parsed == null) {
            throw setting.get().invalid("not a boolean (1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False)");
        }
        return parsed;
    }

    static Path writableDirectory(Setting setting) {
        Path path;
        try {
            path = Path.of(setting.value()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw setting.invalid("not a valid path");
        }
        if (setting.value().isEmpty() || !Files.isDirectory(path)) {
            throw setting.invalid("not an existing directory");
        }
        if (!Files.isWritable(path)) {
            throw setting.invalid("directory is not writable");
        }
        return path;
    }

    static String quote(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
