package io.promptstudio.sync.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.promptstudio.sync.api.ApiError.ApiException;
import io.promptstudio.sync.auth.Principal;
import io.promptstudio.sync.auth.Role;
import io.promptstudio.sync.rooms.RoomRegistry;
import io.promptstudio.sync.storage.DocumentStore;
import io.promptstudio.sync.storage.StoreRecords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v1/workspaces} and their members: list, create, read and delete a tenant's workspaces; list, add,
 * change and remove members (owners only, and never the last owner).
 */
final class WorkspaceRoutes {

    private final RestApi api;
    private final RoomRegistry rooms;
    private final DocumentStore store;

    WorkspaceRoutes(RestApi api, RoomRegistry rooms) {
        this.api = api;
        this.rooms = rooms;
        this.store = rooms.store();
    }

    ApiResponse listWorkspaces(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = api.principal(request);
        List<Map<String, Object>> items = new ArrayList<>();
        for (StoreRecords.Workspace workspace : store.workspaces(principal.tenant())) {
            Optional<Role> role = rooms.roleOf(principal, workspace.name());
            role.ifPresent(r -> items.add(workspace(workspace, r)));
        }
        return RestApi.json(200, Map.of("items", items));
    }

    ApiResponse createWorkspace(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = api.principal(request);
        JsonNode body = RestApi.body(request, Set.of("name"), Set.of("name"));
        String name = RestApi.text(body, "name", 64);
        RestApi.requireName(name, "workspace");
        // the workspace this request is about, for its audit entry, as a path parameter would name it
        parameters.put("workspace", name);
        Role role = principal.tokenRoleIn(name).orElse(null);
        if (role == null || !role.canWrite()) {
            throw ApiError.forbidden("creating a workspace needs a token with the editor or owner role").exception();
        }
        StoreRecords.Workspace created = store.createWorkspace(principal.tenant(), name, principal.userId())
                .orElseThrow(() -> ApiError.conflict("workspace " + name + " exists already").exception());
        return RestApi.json(201, workspace(created, Role.OWNER));
    }

    ApiResponse getWorkspace(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = api.principal(request);
        Role role = api.access(principal, parameters.get("workspace"), Role.VIEWER);
        return RestApi.json(200, workspace(store.workspace(principal.tenant(), parameters.get("workspace")).orElseThrow(), role));
    }

    ApiResponse deleteWorkspace(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = api.principal(request);
        String workspace = parameters.get("workspace");
        api.access(principal, workspace, Role.OWNER);
        rooms.deleteWorkspace(principal.tenant(), workspace);
        return new ApiResponse(204, ApiResponse.JSON, new byte[0], Map.of());
    }

    ApiResponse listMembers(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = api.principal(request);
        api.access(principal, parameters.get("workspace"), Role.VIEWER);
        List<Map<String, Object>> items = store.members(principal.tenant(), parameters.get("workspace")).stream()
                .map(WorkspaceRoutes::member).toList();
        return RestApi.json(200, Map.of("items", items));
    }

    ApiResponse putMember(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = api.principal(request);
        String workspace = parameters.get("workspace");
        api.access(principal, workspace, Role.OWNER);
        String user = parameters.get("user");
        if (user.length() > 256 || user.isBlank()) {
            throw ApiError.badRequest("user id must be 1-256 characters").exception();
        }
        JsonNode body = RestApi.body(request, Set.of("role"), Set.of("role"));
        Role role;
        try {
            role = Role.parse(RestApi.text(body, "role", 16));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("field 'role': " + e.getMessage()).exception();
        }
        if (role != Role.OWNER) {
            requireAnotherOwner(principal.tenant(), workspace, user);
        }
        store.putMember(principal.tenant(), workspace, user, role);
        return RestApi.json(200, member(store.members(principal.tenant(), workspace).stream()
                .filter(m -> m.userId().equals(user)).findFirst().orElseThrow()));
    }

    ApiResponse removeMember(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = api.principal(request);
        String workspace = parameters.get("workspace");
        api.access(principal, workspace, Role.OWNER);
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
}
