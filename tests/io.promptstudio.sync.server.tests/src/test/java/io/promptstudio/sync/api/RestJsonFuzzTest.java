package io.promptstudio.sync.api;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.promptstudio.sync.api.ApiError.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the REST API's JSON reader: any body is read into the fields a route knows, or
 * refused with an {@link ApiException} (a 400 naming the problem); nothing else may escape. Without
 * {@code JAZZER_FUZZ} it runs on its committed inputs ({@code …/RestJsonFuzzTestInputs/bodies/}).
 */
class RestJsonFuzzTest {

    private static final Set<String> FIELDS = Set.of("name", "text", "message", "role", "password", "directory");

    @FuzzTest(maxDuration = "10s")
    void bodies(byte[] body) {
        ApiRequest request = new ApiRequest("POST", "/api/v1/workspaces", Map.of(), null, "application/json", body, "fuzz", "127.0.0.1");
        try {
            var read = RestApi.body(request, FIELDS, Set.of("name"));
            for (String field : List.of("name", "text")) {
                if (read.has(field)) {
                    RestApi.text(read, field, 64);
                }
            }
        } catch (ApiException refused) {
            // a 400 naming the problem
        }
    }
}
