package io.promptstudio.sync.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promptstudio.core.diff.LineDiff;
import io.promptstudio.crdt.Doc;
import io.promptstudio.crdt.Updates;
import io.promptstudio.sync.HealthService;
import io.promptstudio.sync.ServerMetrics;
import io.promptstudio.sync.api.ApiError.ApiException;
import io.promptstudio.sync.auth.AuthenticationException;
import io.promptstudio.sync.auth.Principal;
import io.promptstudio.sync.auth.Role;
import io.promptstudio.sync.auth.TokenVerifier;
import io.promptstudio.sync.rooms.Room;
import io.promptstudio.sync.rooms.RoomException;
import io.promptstudio.sync.rooms.RoomRegistry;
import io.promptstudio.sync.storage.DocumentKey;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
        deferredRoute("POST", PREFIX + "/login", false, accounts::login);
        route("PUT", PREFIX + "/users/{user}", true, accounts::putAccount);
        route("POST", PREFIX + "/backup", true, admin::backup);
        route("DELETE", PREFIX + "/admin/login-failures/{tenant}/{user}", true, admin::clearLoginFailures);
        route("GET", PREFIX + "/audit", true, audit::tenantAudit);
        route("GET", PREFIX + "/workspaces", true, this::listWorkspaces);
        route("POST", PREFIX + "/workspaces", true, this::createWorkspace);
        route("GET", ws, true, this::getWorkspace);
        route("DELETE", ws, true, this::deleteWorkspace);
        route("GET", ws + "/audit", true, audit::workspaceAudit);
        route("GET", ws + "/members", true, this::listMembers);
        route("PUT", ws + "/members/{user}", true, this::putMember);
        route("DELETE", ws + "/members/{user}", true, this::removeMember);
        route("GET", ws + "/documents", true, this::listDocuments);
        route("POST", ws + "/documents", true, this::createDocument);
        route("GET", doc, true, this::getDocument);
        route("DELETE", doc, true, this::deleteDocument);
        route("GET", doc + "/versions", true, this::listVersions);
        route("POST", doc + "/versions", true, this::createVersion);
        route("GET", version, true, this::getVersion);
        route("GET", version + "/diff", true, this::diffVersion);
        route("POST", version + "/restore", true, this::restoreVersion);
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

    private DocumentKey key(Principal principal, Map<String, String> parameters) throws ApiException {
        try {
            return new DocumentKey(principal.tenant(), parameters.get("workspace"), parameters.get("document"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage()).exception();
        }
    }

    private StoreRecords.Document document(DocumentKey key) throws ApiException {
        return store.document(key).orElseThrow(() -> ApiError.notFound("document " + key.address() + " not found").exception());
    }

    // ---- workspaces and members

    private ApiResponse listWorkspaces(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = principal(request);
        List<Map<String, Object>> items = new ArrayList<>();
        for (StoreRecords.Workspace workspace : store.workspaces(principal.tenant())) {
            Optional<Role> role = rooms.roleOf(principal, workspace.name());
            role.ifPresent(r -> items.add(workspace(workspace, r)));
        }
        return json(200, Map.of("items", items));
    }

    private ApiResponse createWorkspace(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = principal(request);
        JsonNode body = body(request, Set.of("name"), Set.of("name"));
        String name = text(body, "name", 64);
        requireName(name, "workspace");
        // the workspace this request is about, for its audit entry, as a path parameter would name it
        parameters.put("workspace", name);
        Role role = principal.tokenRoleIn(name).orElse(null);
        if (role == null || !role.canWrite()) {
            throw ApiError.forbidden("creating a workspace needs a token with the editor or owner role").exception();
        }
        StoreRecords.Workspace created = store.createWorkspace(principal.tenant(), name, principal.userId())
                .orElseThrow(() -> ApiError.conflict("workspace " + name + " exists already").exception());
        return json(201, workspace(created, Role.OWNER));
    }

    private ApiResponse getWorkspace(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = principal(request);
        Role role = access(principal, parameters.get("workspace"), Role.VIEWER);
        return json(200, workspace(store.workspace(principal.tenant(), parameters.get("workspace")).orElseThrow(), role));
    }

    private ApiResponse deleteWorkspace(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = principal(request);
        String workspace = parameters.get("workspace");
        access(principal, workspace, Role.OWNER);
        rooms.deleteWorkspace(principal.tenant(), workspace);
        return new ApiResponse(204, ApiResponse.JSON, new byte[0], Map.of());
    }

    private ApiResponse listMembers(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = principal(request);
        access(principal, parameters.get("workspace"), Role.VIEWER);
        List<Map<String, Object>> items = store.members(principal.tenant(), parameters.get("workspace")).stream()
                .map(RestApi::member).toList();
        return json(200, Map.of("items", items));
    }

    private ApiResponse putMember(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = principal(request);
        String workspace = parameters.get("workspace");
        access(principal, workspace, Role.OWNER);
        String user = parameters.get("user");
        if (user.length() > 256 || user.isBlank()) {
            throw ApiError.badRequest("user id must be 1-256 characters").exception();
        }
        JsonNode body = body(request, Set.of("role"), Set.of("role"));
        Role role;
        try {
            role = Role.parse(text(body, "role", 16));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("field 'role': " + e.getMessage()).exception();
        }
        if (role != Role.OWNER) {
            requireAnotherOwner(principal.tenant(), workspace, user);
        }
        store.putMember(principal.tenant(), workspace, user, role);
        return json(200, member(store.members(principal.tenant(), workspace).stream()
                .filter(m -> m.userId().equals(user)).findFirst().orElseThrow()));
    }

    private ApiResponse removeMember(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = principal(request);
        String workspace = parameters.get("workspace");
        access(principal, workspace, Role.OWNER);
        requireAnotherOwner(principal.tenant(), workspace, parameters.get("user"));
        if (!store.removeMember(principal.tenant(), workspace, parameters.get("user"))) {
            throw ApiError.notFound("user " + parameters.get("user") + " is not a member of " + workspace).exception();
        }
        return new ApiResponse(204, ApiResponse.JSON, new byte[0], Map.of());
    }

    /** A workspace keeps at least one owner: the last one can be neither removed nor demoted. */
    private void requireAnotherOwner(String tenant, String workspace, String user) throws ApiException {
        List<StoreRecords.Member> owners = store.members(tenant, workspace).stream().filter(m -> m.role() == Role.OWNER).toList();
        if (owners.size() == 1 && owners.get(0).userId().equals(user)) {
            throw ApiError.conflict(user + " is the last owner of " + workspace + "; make someone else owner first").exception();
        }
    }

    // ---- documents

    private ApiResponse listDocuments(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = principal(request);
        access(principal, parameters.get("workspace"), Role.VIEWER);
        List<Map<String, Object>> items = store.documents(principal.tenant(), parameters.get("workspace")).stream()
                .map(this::document).toList();
        return json(200, Map.of("items", items));
    }

    private ApiResponse createDocument(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = principal(request);
        access(principal, parameters.get("workspace"), Role.EDITOR);
        JsonNode body = body(request, Set.of("name"), Set.of("name"));
        String name = text(body, "name", DocumentKey.MAX_NAME_LENGTH);
        String problem = DocumentKey.documentNameProblem(name);
        if (problem != null) {
            throw ApiError.badRequest("field 'name': " + problem).exception();
        }
        DocumentKey key = new DocumentKey(principal.tenant(), parameters.get("workspace"), name);
        if (store.document(key).isPresent()) {
            throw ApiError.conflict("document " + key.address() + " exists already").exception();
        }
        int limit = rooms.limits().maxDocumentsPerTenant();
        if (store.documentCount(principal.tenant()) >= limit) {
            throw new ApiError(403, "FORBIDDEN", "the tenant has its limit of " + limit + " documents", List.of("delete documents or raise PROMPTSTUDIO_MAX_DOCUMENTS_PER_TENANT")).exception();
        }
        StoreRecords.Document created = store.createDocument(key, principal.userId())
                .orElseThrow(() -> ApiError.conflict("document " + key.address() + " exists already").exception());
        return json(201, document(created));
    }

    private ApiResponse getDocument(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = principal(request);
        access(principal, parameters.get("workspace"), Role.VIEWER);
        DocumentKey key = key(principal, parameters);
        StoreRecords.Document document = document(key);
        Map<String, Object> body = document(document);
        String text = request.queryParameter("text");
        if (text != null) {
            body.put("text", textOf(currentState(document), textName(text, "query parameter")));
        }
        return json(200, body);
    }

    private ApiResponse deleteDocument(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = principal(request);
        access(principal, parameters.get("workspace"), Role.OWNER);
        DocumentKey key = key(principal, parameters);
        document(key);
        rooms.deleteDocument(key);
        return new ApiResponse(204, ApiResponse.JSON, new byte[0], Map.of());
    }

    /** The document's state now: from memory when loaded (it has the edits still being committed), else stored. */
    private byte[] currentState(StoreRecords.Document document) {
        Optional<Room> loaded = rooms.loaded(document.key());
        if (loaded.isPresent()) {
            return loaded.get().fullState();
        }
        StoreRecords.State state = rooms.storedState(document.id());
        List<byte[]> parts = new ArrayList<>();
        if (state.snapshot() != null) {
            parts.add(state.snapshot());
        }
        parts.addAll(state.updates());
        return parts.isEmpty() ? new byte[] {0, 0} : Updates.merge(parts.toArray(byte[][]::new));
    }

    private static String textOf(byte[] state, String textName) {
        try (Doc doc = new Doc()) {
            doc.applyUpdate(state);
            return doc.text(textName).toString();
        }
    }

    /** @param given where the name came from, for the error: the query parameter or the body's field */
    private static String textName(String text, String given) throws ApiException {
        if (text.isEmpty()) {
            return DEFAULT_TEXT;
        }
        if (!TokenVerifier.NAME.matcher(text).matches()) {
            throw ApiError.badRequest(given + " 'text' must name a shared text (letters, digits, '.', '_', '-')").exception();
        }
        return text;
    }

    // ---- versions

    private ApiResponse listVersions(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = principal(request);
        access(principal, parameters.get("workspace"), Role.VIEWER);
        StoreRecords.Document document = document(key(principal, parameters));
        return json(200, Map.of("items", store.versions(document.id()).stream().map(RestApi::version).toList()));
    }

    private ApiResponse createVersion(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = principal(request);
        access(principal, parameters.get("workspace"), Role.EDITOR);
        StoreRecords.Document document = document(key(principal, parameters));
        JsonNode body = body(request, Set.of("name", "message"), Set.of("name"));
        String name = text(body, "name", 200);
        if (name.isBlank()) {
            throw ApiError.badRequest("field 'name' must not be blank").exception();
        }
        String message = body.has("message") ? text(body, "message", 2000) : "";
        StoreRecords.Version saved = store.saveVersion(document.id(), name.strip(), message, principal.userId(), currentState(document));
        return json(201, version(saved));
    }

    private ApiResponse getVersion(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = principal(request);
        long id = versionId(parameters.get("version"));
        access(principal, parameters.get("workspace"), Role.VIEWER);
        StoreRecords.Document document = document(key(principal, parameters));
        Map<String, Object> body = version(store.version(document.id(), id).orElseThrow(() -> versionNotFound(id)));
        String textName = textName(orEmpty(request.queryParameter("text")), "query parameter");
        body.put("text", textOf(store.versionState(document.id(), id).orElseThrow(), textName));
        return json(200, body);
    }

    private ApiResponse diffVersion(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = principal(request);
        long fromId = versionId(parameters.get("version"));
        String textName = textName(orEmpty(request.queryParameter("text")), "query parameter");
        access(principal, parameters.get("workspace"), Role.VIEWER);
        StoreRecords.Document document = document(key(principal, parameters));
        String fromText = textOf(store.versionState(document.id(), fromId).orElseThrow(() -> versionNotFound(fromId)), textName);
        String to = request.queryParameter("to");
        if (to == null || to.isEmpty()) {
            throw ApiError.badRequest("query parameter 'to' is required", "a version id, or 'current' for the document now").exception();
        }
        String toText;
        if (to.equals("current")) {
            toText = textOf(currentState(document), textName);
        } else {
            long toId = versionId(to);
            toText = textOf(store.versionState(document.id(), toId).orElseThrow(() -> versionNotFound(toId)), textName);
        }
        List<LineDiff.Line> lines = LineDiff.diff(fromText, toText);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", fromId);
        body.put("to", to);
        body.put("unified", LineDiff.unified("version " + fromId, to.equals("current") ? "current" : "version " + to, lines, 3));
        body.put("lines", lines.stream().map(line -> Map.of("kind", line.kind().name().toLowerCase(java.util.Locale.ROOT),
                "text", line.text(), "oldLine", line.oldLine(), "newLine", line.newLine())).toList());
        return json(200, body);
    }

    private ApiResponse restoreVersion(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = principal(request);
        long id = versionId(parameters.get("version"));
        Role role = access(principal, parameters.get("workspace"), Role.EDITOR);
        DocumentKey key = key(principal, parameters);
        StoreRecords.Document document = document(key);
        JsonNode body = request.body().length == 0 ? JSON.createObjectNode() : body(request, Set.of("text"), Set.of());
        String textName = textName(body.has("text") ? text(body, "text", 64) : "", "field");
        String target = textOf(store.versionState(document.id(), id).orElseThrow(() -> versionNotFound(id)), textName);
        try {
            rooms.withRoom(key, role, principal.userId(), room -> {
                try {
                    room.edit(doc -> replaceText(doc, textName, target)).get(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RoomException(RoomException.Kind.STORAGE, "interrupted while storing the restore");
                } catch (ExecutionException | TimeoutException e) {
                    throw new RoomException(RoomException.Kind.STORAGE, "the restore could not be stored: " + e.getMessage());
                }
                return null;
            });
        } catch (RoomException e) {
            throw new ApiError(e.kind() == RoomException.Kind.STORAGE ? 503 : 409, e.kind().name(), e.getMessage(), List.of()).exception();
        }
        Map<String, Object> answer = document(document(key));
        answer.put("restoredVersion", id);
        answer.put("text", textOf(currentState(document(key)), textName));
        return json(200, answer);
    }

    /** The smallest edit turning the text into {@code target}: the differing middle is replaced, one transaction. */
    static byte[] replaceText(Doc doc, String textName, String target) {
        String current = doc.text(textName).toString();
        int max = Math.min(current.length(), target.length());
        int common = 0;
        while (common < max && current.charAt(common) == target.charAt(common)) {
            common++;
        }
        int prefix = common;
        int suffix = 0;
        while (suffix < max - prefix && current.charAt(current.length() - 1 - suffix) == target.charAt(target.length() - 1 - suffix)) {
            suffix++;
        }
        int deleted = current.length() - prefix - suffix;
        String inserted = target.substring(prefix, target.length() - suffix);
        return doc.transact("restore", txn -> {
            if (deleted > 0) {
                txn.delete(textName, prefix, deleted);
            }
            if (!inserted.isEmpty()) {
                txn.insert(textName, prefix, inserted);
            }
        });
    }

    private static long versionId(String text) throws ApiException {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.badRequest("version id '" + text + "' is not a positive whole number").exception();
    }

    private static ApiException versionNotFound(long id) {
        return ApiError.notFound("version " + id + " not found").exception();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
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

    private static Map<String, Object> workspace(StoreRecords.Workspace workspace, Role role) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", workspace.name());
        body.put("createdAt", workspace.createdAt().toString());
        body.put("createdBy", workspace.createdBy());
        body.put("role", role.id());
        return body;
    }

    private static Map<String, Object> member(StoreRecords.Member member) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", member.userId());
        body.put("role", member.role().id());
        body.put("addedAt", member.addedAt().toString());
        return body;
    }

    private Map<String, Object> document(StoreRecords.Document document) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", document.key().name());
        body.put("workspace", document.key().workspace());
        body.put("createdAt", document.createdAt().toString());
        body.put("createdBy", document.createdBy());
        body.put("updatedAt", document.updatedAt().toString());
        body.put("sizeBytes", document.sizeBytes());
        body.put("loaded", rooms.loaded(document.key()).isPresent());
        return body;
    }

    private static Map<String, Object> version(StoreRecords.Version version) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", version.id());
        body.put("name", version.name());
        body.put("message", version.message());
        body.put("author", version.author());
        body.put("createdAt", version.createdAt().toString());
        body.put("sizeBytes", version.sizeBytes());
        return body;
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
