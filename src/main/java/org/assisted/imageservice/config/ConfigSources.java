package org.assisted.imageservice.config;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Merges configuration layers: a later layer's value wins over the environment's, even when empty. */
public final class ConfigSources {

    private ConfigSources() {
    }

    /**
     * @param environment the process environment ({@code System.getenv()})
     * @param overrides   e.g. servlet-context init parameters; null values are ignored
     * @return a new map with every override applied on top of the environment
     */
    public static Map<String, String> merge(Map<String, String> environment, Map<String, String> overrides) {
        return merge(environment, overrides.keySet(), overrides::get);
    }

    /**
     * @param environment    the process environment
     * @param overrideNames  names the override source knows (e.g. {@code ServletContext.getInitParameterNames()})
     * @param overrideLookup value for a name; null means "not set"
     * @return a new map with every override applied on top of the environment
     */
    public static Map<String, String> merge(Map<String, String> environment, Collection<String> overrideNames,
                                            Function<String, String> overrideLookup) {
        Map<String, String> merged = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name != null && value != null) {
                merged.put(name, value);
            }
        });
        for (String name : overrideNames) {
            String value = name == null ? null : overrideLookup.apply(name);
            if (value != null) {
                merged.put(name, value);
            }
        }
        return merged;
    }
}
