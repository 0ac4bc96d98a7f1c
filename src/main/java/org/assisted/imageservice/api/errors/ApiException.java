package org.assisted.imageservice.api.errors;

import java.util.Objects;

/**
 * Carries an {@link ApiError} from a resource or download service to {@link ApiExceptionMapper}; a record cannot be
 * thrown, so this is the family's one exception type. Its message is for debugging only: clients see what the mapper
 * makes of {@link #error()}.
 */
public final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient ApiError error;

    public ApiException(ApiError error) {
        super(Objects.requireNonNull(error, "error").toString());
        this.error = error;
    }

    public ApiError error() {
        return error;
    }
}
