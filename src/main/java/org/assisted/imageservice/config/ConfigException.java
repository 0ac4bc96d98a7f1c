package org.assisted.imageservice.config;

/** A configuration variable is missing or invalid; the message names the variable and, unless secret, its value. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
