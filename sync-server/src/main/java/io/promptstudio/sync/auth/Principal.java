package io.promptstudio.sync.auth;

import java.util.Map;
import java.util.Optional;

/**
 * Who is calling, from a verified token: the user, the tenant every name they use is resolved in, a role for all
 * of that tenant's workspaces (optional) and roles for single workspaces, which win.
 */
public record Principal(String userId, String tenant, Role tenantRole, Map<String, Role> workspaceRoles) {

    public Principal {
        workspaceRoles = Map.copyOf(workspaceRoles);
    }

    /** The role the token grants in one workspace, before memberships stored on the server are looked at. */
    public Optional<Role> tokenRoleIn(String workspace) {
        Role role = workspaceRoles.get(workspace);
        return Optional.ofNullable(role != null ? role : tenantRole);
    }
}
