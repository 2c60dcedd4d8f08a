package io.promptstudio.sync.api;

import io.promptstudio.sync.api.ApiError.ApiException;
import io.promptstudio.sync.auth.AuthenticationException;
import io.promptstudio.sync.auth.Principal;
import io.promptstudio.sync.auth.Role;
import io.promptstudio.sync.auth.TokenVerifier;
import io.promptstudio.sync.storage.DocumentStore;
import io.promptstudio.sync.storage.StoreRecords.AuditEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: writes an entry for each change before it is made and settles it with the answer (the router
 * calls {@link #beginChange} and {@link #settleChange}), one for each password login, and serves
 * {@code GET /api/v1/workspaces/{workspace}/audit} to the workspace's owners and {@code GET /api/v1/audit} to the
 * tenant's, newest first, a page at a time.
 */
final class AuditRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(AuditRoutes.class);
    static final int PAGE_DEFAULT = 100;
    static final int PAGE_MAX = 500;

    private final DocumentStore store;
    private final TokenVerifier tokens;
    private final RestApi api;

    AuditRoutes(DocumentStore store, TokenVerifier tokens, RestApi api) {
        this.store = store;
        this.tokens = tokens;
        this.api = api;
    }

    /**
     * Writes a change's entry before the change is made, so that no change goes unrecorded: a request whose entry
     * cannot be written is refused (500) with nothing changed. Returns the entry for {@link #settleChange}, or -1
     * for a request with no valid token, which changes nothing and has no one to name (it is counted in the
     * metrics and logged).
     */
    long beginChange(RestApi.Route route, ApiRequest request, String workspace) throws ApiException {
        String token = RestApi.bearerToken(request);
        if (token == null) {
            return -1;
        }
        Principal principal;
        try {
            // verified here as well as by the route: a refusal is counted and logged once, by the route
            principal = tokens.verify(token);
        } catch (AuthenticationException e) {
            return -1;
        }
        try {
            return store.recordAudit(new AuditEntry(0, null, principal.tenant(), principal.userId(),
                    route.method() + " " + route.template(), validWorkspace(workspace),
                    abbreviate(request.path(), 2000), AuditEntry.UNANSWERED, request.requestId()));
        } catch (RuntimeException e) {
            LOG.atError().setCause(e).addKeyValue("requestId", request.requestId()).log("audit entry not written, change refused");
            throw new ApiError(500, "INTERNAL", "the change was not made: its audit entry could not be written",
                    List.of("quote request id " + request.requestId() + " when reporting it")).exception();
        }
    }

    private static String validWorkspace(String workspace) {
        return workspace != null && TokenVerifier.NAME.matcher(workspace).matches() ? workspace : null;
    }

    /**
     * Gives a change's entry the status its caller got, and the workspace the request named once it was read; a
     * failure leaves the entry unanswered and is logged.
     */
    void settleChange(long entry, ApiRequest request, int status, String workspace) {
        try {
            store.settleAudit(entry, status, validWorkspace(workspace));
        } catch (RuntimeException e) {
            LOG.atError().setCause(e).addKeyValue("requestId", request.requestId()).addKeyValue("status", status)
                    .log("audit entry left unanswered");
        }
    }

    void record(AuditEntry entry) {
        try {
            store.recordAudit(entry);
        } catch (RuntimeException e) {
            LOG.atError().setCause(e).addKeyValue("requestId", entry.requestId()).addKeyValue("action", entry.action())
                    .log("audit entry not written");
        }
    }

    ApiResponse tenantAudit(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = api.principal(request);
        if (principal.tenantRole() != Role.OWNER) {
            throw ApiError.forbidden("the tenant's audit log needs a token whose tenant-wide role is owner;"
                    + " a workspace's owners read theirs at /api/v1/workspaces/{workspace}/audit").exception();
        }
        String workspace = request.queryParameter("workspace");
        if (workspace != null) {
            RestApi.requireName(workspace, "workspace");
        }
        return page(request, principal.tenant(), workspace);
    }

    ApiResponse workspaceAudit(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = api.principal(request);
        api.access(principal, parameters.get("workspace"), Role.OWNER);
        return page(request, principal.tenant(), parameters.get("workspace"));
    }

    /** A page of entries, newest first; {@code next} is the {@code before} of the page after it, null on the last. */
    private ApiResponse page(ApiRequest request, String tenant, String workspace) throws ApiException {
        int limit = (int) longParameter(request, "limit", PAGE_DEFAULT, 1, PAGE_MAX);
        long before = longParameter(request, "before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        List<AuditEntry> entries = store.audit(tenant, workspace, before, limit);
        List<Map<String, Object>> items = new ArrayList<>();
        for (AuditEntry entry : entries) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", entry.id());
            item.put("at", entry.at().toString());
            item.put("actor", entry.actor());
            item.put("action", entry.action());
            item.put("workspace", entry.workspace());
            item.put("path", entry.path());
            item.put("status", entry.status());
            item.put("requestId", entry.requestId());
            items.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("next", entries.size() == limit ? entries.get(entries.size() - 1).id() : null);
        return RestApi.json(200, body);
    }

    private static long longParameter(ApiRequest request, String name, long absent, long least, long most) throws ApiException {
        String value = request.queryParameter(name);
        if (value == null) {
            return absent;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("query parameter '" + name + "' is not a whole number: '" + abbreviate(value, 40) + "'",
                    "give a number from " + least + " to " + most).exception();
        }
        if (parsed < least || parsed > most) {
            throw ApiError.badRequest("query parameter '" + name + "' is " + parsed + ", outside " + least + " to " + most).exception();
        }
        return parsed;
    }

    private static String abbreviate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }
}
