package org.assisted.imageservice.assisted;

/**
 * The assisted-service calls, in upstream's error precedence order (docs/upstream-behaviour.md#assisted-service-calls).
 */
public enum UpstreamCall {
    IGNITION("ignition"),
    MINIMAL_INITRD("minimal-initrd"),
    INFRA_ENV("infra-env");

    private final String label;

    UpstreamCall(String label) {
        this.label = label;
    }

    /** Short name for logs and metrics tags. */
    public String label() {
        return label;
    }
}
