package io.promptstudio.sync.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What to answer: status, content type, body bytes and extra headers. */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String JSON = "application/json; charset=utf-8";

    public static ApiResponse text(int status, String contentType, String text) {
        return new ApiResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
