package io.promptstudio.sync.api;

import java.util.List;

/**
 * The one error shape of the REST API: {@code {code, message, details, requestId}}; {@code code} is a stable
 * machine-readable name (BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, METHOD_NOT_ALLOWED,
 * PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, TOO_MANY_REQUESTS, INTERNAL), {@code details} says what to change.
 */
public record ApiError(int status, String code, String message, List<String> details) {

    public ApiError {
        details = List.copyOf(details);
    }

    public static ApiError badRequest(String message, String... details) {
        return new ApiError(400, "BAD_REQUEST", message, List.of(details));
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "NOT_FOUND", message, List.of());
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, "FORBIDDEN", message, List.of());
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, "CONFLICT", message, List.of());
    }

    public ApiException exception() {
        return new ApiException(this);
    }

    /** An {@link ApiError} thrown from deep inside a handler. */
    public static final class ApiException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ApiError error;

        ApiException(ApiError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        public ApiError error() {
            return error;
        }
    }
}
