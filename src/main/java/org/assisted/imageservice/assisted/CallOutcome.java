package org.assisted.imageservice.assisted;

/** How one assisted-service call ended, as a bounded metrics label. */
public enum CallOutcome {
    /** 2xx. */
    SUCCESS("success"),
    /** 1xx or 3xx after redirects. */
    OTHER_STATUS("other_status"),
    /** 4xx. */
    CLIENT_ERROR("client_error"),
    /** 5xx. */
    SERVER_ERROR("server_error"),
    /** A connect, socket or fetch-budget timeout. */
    TIMEOUT("timeout"),
    /** Connection refused or reset, TLS or protocol failure, oversize body. */
    ERROR("error"),
    /** Abandoned because an earlier call of the same fetch failed. */
    CANCELLED("cancelled");

    private final String label;

    CallOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static CallOutcome ofStatus(int status) {
        if (status >= 200 && status < 300) {
            return SUCCESS;
        }
        if (status >= 400 && status < 500) {
            return CLIENT_ERROR;
        }
        return status >= 500 ? SERVER_ERROR : OTHER_STATUS;
    }
}
