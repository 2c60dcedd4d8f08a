package io.promptstudio.sync.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promptstudio.sync.HealthService;
import io.promptstudio.sync.ServerMetrics;
import io.promptstudio.sync.api.ApiError.ApiException;
import io.promptstudio.sync.auth.AuthenticationException;
import io.promptstudio.sync.auth.Principal;
import io.promptstudio.sync.auth.Role;
import io.promptstudio.sync.auth.TokenVerifier;
import io.promptstudio.sync.rooms.RoomRegistry;
import io.promptstudio.sync.storage.DocumentStore;
import io.promptstudio.sync.storage.StoreRecords;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API, free of the network library: routes a request to its handler and answers JSON, or the one error
 * shape. Every input is validated (names, JSON fields, their types and lengths) before anything is stored.
 */
public final class RestApi {

    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
    /** The methods whose requests change something: each one's outcome goes to the audit log. */
    private static final Set<String> AUDITED_METHODS = Set.of("POST", "PUT", "DELETE");
    /**
     * Strict about what it reads: a field given twice or anything after the object is refused, not resolved by
     * taking one of them silently.
     */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    public static final String PREFIX = "/api/v1";
    /** The Y.Text a prompt file's source lives in, unless a request names another with {@code ?text=}. */
    public static final String DEFAULT_TEXT = "source";

    private interface Handler {
        ApiResponse handle(ApiRequest request, Map<String, String> parameters) throws ApiException;
    }

    /** A route whose answer comes later, from other threads (a login, from the password checks). */
    interface Deferred {
        CompletableFuture<ApiResponse> handle(ApiRequest request, Map<String, String> parameters) throws ApiException;
    }

    /** One route: a method and a path template such as {@code /api/v1/workspaces/{workspace}}. */
    public record Route(String method, String template, boolean authenticated) {
    }

    private record Bound(Route route, String[] segments, Handler handler, Deferred deferred) {
    }

    private final List<Bound> routes = new ArrayList<>();
    private final AuditRoutes audit;
    private final RoomRegistry rooms;
    private final DocumentStore store;
    private final TokenVerifier tokens;
    private final HealthService health;
    private final ServerMetrics metrics;

    /** @param issuer signs the tokens of password logins; null when the server has no HS256 secret */
    public RestApi(RoomRegistry rooms, TokenVerifier tokens, io.promptstudio.sync.auth.TokenIssuer issuer, HealthService health,
            ServerMetrics metrics, java.util.function.Function<java.nio.file.Path, java.util.concurrent.CompletableFuture<StoreRecords.Backup>> backups,
            String adminToken, java.nio.file.Path backupRoot, io.promptstudio.sync.auth.PasswordChecks passwords) {
        this.rooms = rooms;
        this.store = rooms.store();
        this.tokens = tokens;
        this.health = health;
        this.metrics = metrics;
        route("GET", "/health", false, (r, p) -> json(200, health.health()));
        route("GET", "/ready", false, (r, p) -> json(health.isReady() ? 200 : 503, health.readiness()));
        route("GET", "/metrics", false, (r, p) -> ApiResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.prometheusText()));
        route("GET", "/openapi.json", false, (r, p) -> new ApiResponse(200, ApiResponse.JSON, openApi(), Map.of()));
        String ws = PREFIX + "/workspaces/{workspace}";
        String doc = ws + "/documents/{document}";
        String version = doc + "/versions/{version}";
        audit = new AuditRoutes(store, tokens, this);
        AccountRoutes accounts = new AccountRoutes(store, issuer, this, audit, passwords, metrics, java.time.Clock.systemUTC());
        AdminRoutes admin = new AdminRoutes(store, metrics, adminToken, backupRoot, backups, accounts);
        WorkspaceRoutes workspaces = new WorkspaceRoutes(this, rooms);
        DocumentRoutes documents = new DocumentRoutes(this, rooms);
        deferredRoute("POST", PREFIX + "/login", false, accounts::login);
        route("PUT", PREFIX + "/users/{user}", true, accounts::putAccount);
        route("POST", PREFIX + "/backup", true, admin::backup);
        route("DELETE", PREFIX + "/admin/login-failures/{tenant}/{user}", true, admin::clearLoginFailures);
        route("GET", PREFIX + "/audit", true, audit::tenantAudit);
        route("GET", PREFIX + "/workspaces", true, workspaces::listWorkspaces);
        route("POST", PREFIX + "/workspaces", true, workspaces::createWorkspace);
        route("GET", ws, true, workspaces::getWorkspace);
        route("DELETE", ws, true, workspaces::deleteWorkspace);
        route("GET", ws + "/audit", true, audit::workspaceAudit);
        route("GET", ws + "/members", true, workspaces::listMembers);
        route("PUT", ws + "/members/{user}", true, workspaces::putMember);
        route("DELETE", ws + "/members/{user}", true, workspaces::removeMember);
        route("GET", ws + "/documents", true, documents::listDocuments);
        route("POST", ws + "/documents", true, documents::createDocument);
        route("GET", doc, true, documents::getDocument);
        route("DELETE", doc, true, documents::deleteDocument);
        route("GET", doc + "/versions", true, documents::listVersions);
        route("POST", doc + "/versions", true, documents::createVersion);
        route("GET", version, true, documents::getVersion);
        route("GET", version + "/diff", true, documents::diffVersion);
        route("POST", version + "/restore", true, documents::restoreVersion);
    }

    private void route(String method, String template, boolean authenticated, Handler handler) {
        routes.add(new Bound(new Route(method, template, authenticated), template.substring(1).split("/"), handler, null));
    }

    private void deferredRoute(String method, String template, boolean authenticated, Deferred deferred) {
        routes.add(new Bound(new Route(method, template, authenticated), template.substring(1).split("/"), null, deferred));
    }

    /** Every route, for the OpenAPI check. */
    public List<Route> routes() {
        return routes.stream().map(Bound::route).toList();
    }

    /** The answer to a request: most are complete when this returns; a login completes on a password-check thread. Never fails. */
    public CompletableFuture<ApiResponse> handle(ApiRequest request) {
        try {
            return dispatch(request).exceptionally(failure -> failed(request, failure instanceof java.util.concurrent.CompletionException
                    && failure.getCause() != null ? failure.getCause() : failure));
        } catch (ApiException | RuntimeException e) {
            return CompletableFuture.completedFuture(failed(request, e));
        }
    }

    private ApiResponse failed(ApiRequest request, Throwable failure) {
        if (failure instanceof ApiException e) {
            return error(e.error(), request.requestId());
        }
        LOG.atError().setCause(failure).addKeyValue("requestId", request.requestId()).addKeyValue("path", request.path()).log("request failed");
        return error(new ApiError(500, "INTERNAL", "the server failed to answer this request",
                List.of("quote request id " + request.requestId() + " when reporting it")), request.requestId());
    }

    private CompletableFuture<ApiResponse> dispatch(ApiRequest request) throws ApiException {
        for (Map.Entry<String, List<String>> parameter : request.query().entrySet()) {
            if (parameter.getValue().size() > 1) {
                throw ApiError.badRequest("query parameter '" + parameter.getKey() + "' is given " + parameter.getValue().size()
                        + " times", "give it once").exception();
            }
        }
        String[] segments = request.path().substring(1).split("/", -1);
        Set<String> allowed = new java.util.TreeSet<>();
        for (Bound bound : routes) {
            Map<String, String> parameters = match(bound.segments(), segments);
            if (parameters == null) {
                continue;
            }
            if (!bound.route().method().equals(request.method()) && !(request.method().equals("HEAD") && bound.route().method().equals("GET"))) {
                allowed.add(bound.route().method());
                continue;
            }
            if (bound.deferred() != null) {
                return bound.deferred().handle(request, parameters);
            }
            if (bound.route().authenticated() && AUDITED_METHODS.contains(request.method())) {
                return CompletableFuture.completedFuture(audited(bound, request, parameters));
            }
            return CompletableFuture.completedFuture(bound.handler().handle(request, parameters));
        }
        if (!allowed.isEmpty()) {
            ApiResponse response = error(new ApiError(405, "METHOD_NOT_ALLOWED", request.method() + " is not supported on " + request.path(),
                    List.of("use " + String.join(", ", allowed))), request.requestId());
            return CompletableFuture.completedFuture(
                    new ApiResponse(405, response.contentType(), response.body(), Map.of("Allow", String.join(", ", allowed))));
        }
        throw ApiError.notFound("no resource at " + request.path()).exception();
    }

    /** Runs a change between its audit entry and that entry's outcome, refusals included. */
    private ApiResponse audited(Bound bound, ApiRequest request, Map<String, String> parameters) throws ApiException {
        long entry = audit.beginChange(bound.route(), request, parameters.get("workspace"));
        if (entry < 0) {
            return bound.handler().handle(request, parameters);
        }
        int status = 500;
        try {
            ApiResponse response = bound.handler().handle(request, parameters);
            status = response.status();
            return response;
        } catch (ApiException e) {
            status = e.error().status();
            throw e;
        } finally {
            audit.settleChange(entry, request, status, parameters.get("workspace"));
        }
    }

    private static Map<String, String> match(String[] template, String[] segments) throws ApiException {
        if (template.length != segments.length) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            if (template[i].startsWith("{")) {
                String value;
                try {
                    value = URLDecoder.decode(segments[i], StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw ApiError.badRequest("path segment '" + segments[i] + "' is not valid percent-encoding").exception();
                }
                if (value.isEmpty()) {
                    return null;
                }
                parameters.put(template[i].substring(1, template[i].length() - 1), value);
            } else if (!template[i].equals(segments[i])) {
                return null;
            }
        }
        return parameters;
    }

    // ---- authentication and access

    Principal principal(ApiRequest request) throws ApiException {
        String token = bearerToken(request);
        if (token == null) {
            throw new ApiError(401, "UNAUTHORIZED", "no bearer token", List.of("send 'Authorization: Bearer <jwt>'")).exception();
        }
        try {
            return tokens.verify(token);
        } catch (AuthenticationException e) {
            metrics.authFailures.increment();
            LOG.atInfo().addKeyValue("requestId", request.requestId()).addKeyValue("reason", e.getMessage()).log("token refused");
            throw new ApiError(401, "UNAUTHORIZED", "token refused: " + e.getMessage(), List.of()).exception();
        }
    }

    /** The token of the request's {@code Authorization: Bearer} header, or null when it has none. */
    static String bearerToken(ApiRequest request) {
        String header = request.authorization();
        return header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) ? null : header.substring(7).strip();
    }

    /** The caller's role in a workspace that exists; "not found" for workspaces they have no role in. */
    Role access(Principal principal, String workspace, Role needed) throws ApiException {
        requireName(workspace, "workspace");
        Optional<Role> role = rooms.roleOf(principal, workspace);
        if (role.isEmpty() || store.workspace(principal.tenant(), workspace).isEmpty()) {
            throw ApiError.notFound("workspace " + workspace + " not found").exception();
        }
        if (role.get().compareTo(needed) < 0) {
            throw ApiError.forbidden("this needs the " + needed.id() + " role in " + workspace + "; you are " + role.get().id()).exception();
        }
        return role.get();
    }

    static void requireName(String value, String what) throws ApiException {
        if (!TokenVerifier.NAME.matcher(value).matches()) {
            throw ApiError.badRequest(what + " name '" + value + "' is not valid",
                    "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit").exception();
        }
    }



    // ---- JSON in and out

    static JsonNode body(ApiRequest request, Set<String> known, Set<String> required) throws ApiException {
        String type = request.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "the body must be JSON", List.of("send 'Content-Type: application/json'")).exception();
        }
        JsonNode node;
        try {
            node = JSON.readTree(request.body());
        } catch (IOException e) {
            if (e instanceof JsonProcessingException json && json.getLocation() != null) {
                throw ApiError.badRequest("the body is not valid JSON at line " + json.getLocation().getLineNr() + ", column "
                        + json.getLocation().getColumnNr(), json.getOriginalMessage()).exception();
            }
            throw ApiError.badRequest("the body is not valid JSON", String.valueOf(e.getMessage())).exception();
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest("the body must be a JSON object", "expected fields: " + String.join(", ", known)).exception();
        }
        List<String> problems = new ArrayList<>();
        node.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                problems.add("unknown field '" + field + "' (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        });
        for (String field : required) {
            if (!node.has(field)) {
                problems.add("field '" + field + "' is required");
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiError(400, "BAD_REQUEST", "the body does not match what this request takes", problems).exception();
        }
        return node;
    }

    static String text(JsonNode body, String field, int maxLength) throws ApiException {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw ApiError.badRequest("field '" + field + "' must be a string").exception();
        }
        if (value.textValue().length() > maxLength) {
            throw ApiError.badRequest("field '" + field + "' is longer than " + maxLength + " characters").exception();
        }
        return value.textValue();
    }

    static ApiResponse json(int status, Object body) {
        try {
            return new ApiResponse(status, ApiResponse.JSON, JSON.writeValueAsBytes(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response bodies are maps and lists of plain values", e);
        }
    }

    public static ApiResponse error(ApiError error, String requestId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("code", error.code());
        body.put("message", error.message());
        body.set("details", JSON.valueToTree(error.details()));
        body.put("requestId", requestId);
        try {
            return new ApiResponse(error.status(), ApiResponse.JSON, JSON.writeValueAsBytes(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }





    private static byte[] openApi() {
        try (InputStream in = RestApi.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the server's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
