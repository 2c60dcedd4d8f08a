package io.promptstudio.sync.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.promptstudio.core.diff.LineDiff;
import io.promptstudio.crdt.Doc;
import io.promptstudio.crdt.Updates;
import io.promptstudio.sync.api.ApiError.ApiException;
import io.promptstudio.sync.auth.Principal;
import io.promptstudio.sync.auth.Role;
import io.promptstudio.sync.auth.TokenVerifier;
import io.promptstudio.sync.rooms.Room;
import io.promptstudio.sync.rooms.RoomException;
import io.promptstudio.sync.rooms.RoomRegistry;
import io.promptstudio.sync.storage.DocumentKey;
import io.promptstudio.sync.storage.DocumentStore;
import io.promptstudio.sync.storage.StoreRecords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code /api/v1/workspaces/{workspace}/documents} and their versions: list, create, read (with a text's content)
 * and delete documents; save, list, read, diff and restore named versions. A restore is a new edit of the live
 * document, broadcast to its editors.
 */
final class DocumentRoutes {

    private final RestApi api;
    private final RoomRegistry rooms;
    private final DocumentStore store;

    DocumentRoutes(RestApi api, RoomRegistry rooms) {
        this.api = api;
        this.rooms = rooms;
        this.store = rooms.store();
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


    ApiResponse listDocuments(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = api.principal(request);
        api.access(principal, parameters.get("workspace"), Role.VIEWER);
        List<Map<String, Object>> items = store.documents(principal.tenant(), parameters.get("workspace")).stream()
                .map(this::document).toList();
        return RestApi.json(200, Map.of("items", items));
    }

    ApiResponse createDocument(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = api.principal(request);
        api.access(principal, parameters.get("workspace"), Role.EDITOR);
        JsonNode body = RestApi.body(request, Set.of("name"), Set.of("name"));
        String name = RestApi.text(body, "name", DocumentKey.MAX_NAME_LENGTH);
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
        return RestApi.json(201, document(created));
    }

    ApiResponse getDocument(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = api.principal(request);
        api.access(principal, parameters.get("workspace"), Role.VIEWER);
        DocumentKey key = key(principal, parameters);
        StoreRecords.Document document = document(key);
        Map<String, Object> body = document(document);
        String text = request.queryParameter("text");
        if (text != null) {
            body.put("text", textOf(currentState(document), textName(text, "query parameter")));
        }
        return RestApi.json(200, body);
    }

    ApiResponse deleteDocument(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = api.principal(request);
        api.access(principal, parameters.get("workspace"), Role.OWNER);
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
            return RestApi.DEFAULT_TEXT;
        }
        if (!TokenVerifier.NAME.matcher(text).matches()) {
            throw ApiError.badRequest(given + " 'text' must name a shared text (letters, digits, '.', '_', '-')").exception();
        }
        return text;
    }

    // ---- versions

    ApiResponse listVersions(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = api.principal(request);
        api.access(principal, parameters.get("workspace"), Role.VIEWER);
        StoreRecords.Document document = document(key(principal, parameters));
        return RestApi.json(200, Map.of("items", store.versions(document.id()).stream().map(DocumentRoutes::version).toList()));
    }

    ApiResponse createVersion(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = api.principal(request);
        api.access(principal, parameters.get("workspace"), Role.EDITOR);
        StoreRecords.Document document = document(key(principal, parameters));
        JsonNode body = RestApi.body(request, Set.of("name", "message"), Set.of("name"));
        String name = RestApi.text(body, "name", 200);
        if (name.isBlank()) {
            throw ApiError.badRequest("field 'name' must not be blank").exception();
        }
        String message = body.has("message") ? RestApi.text(body, "message", 2000) : "";
        StoreRecords.Version saved = store.saveVersion(document.id(), name.strip(), message, principal.userId(), currentState(document));
        return RestApi.json(201, version(saved));
    }

    ApiResponse getVersion(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = api.principal(request);
        long id = versionId(parameters.get("version"));
        api.access(principal, parameters.get("workspace"), Role.VIEWER);
        StoreRecords.Document document = document(key(principal, parameters));
        Map<String, Object> body = version(store.version(document.id(), id).orElseThrow(() -> versionNotFound(id)));
        String textName = textName(orEmpty(request.queryParameter("text")), "query parameter");
        body.put("text", textOf(store.versionState(document.id(), id).orElseThrow(), textName));
        return RestApi.json(200, body);
    }

    ApiResponse diffVersion(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = api.principal(request);
        long fromId = versionId(parameters.get("version"));
        String textName = textName(orEmpty(request.queryParameter("text")), "query parameter");
        api.access(principal, parameters.get("workspace"), Role.VIEWER);
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
        return RestApi.json(200, body);
    }

    ApiResponse restoreVersion(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = api.principal(request);
        long id = versionId(parameters.get("version"));
        Role role = api.access(principal, parameters.get("workspace"), Role.EDITOR);
        DocumentKey key = key(principal, parameters);
        StoreRecords.Document document = document(key);
        JsonNode body = request.body().length == 0 ? RestApi.JSON.createObjectNode() : RestApi.body(request, Set.of("text"), Set.of());
        String textName = textName(body.has("text") ? RestApi.text(body, "text", 64) : "", "field");
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
        return RestApi.json(200, answer);
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
}
