package io.promptstudio.sync.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.promptstudio.sync.ServerMetrics;
import io.promptstudio.sync.api.ApiError.ApiException;
import io.promptstudio.sync.storage.DocumentStore;
import io.promptstudio.sync.storage.StorageException;
import io.promptstudio.sync.storage.StoreRecords;
import io.promptstudio.sync.storage.StoreRecords.AuditEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole-server operations — an online backup, clearing an account's failed logins — for the server's administrator alone: the bearer of the
 * administrator's credential ({@code PROMPTSTUDIO_ADMIN_TOKEN}), which no tenant role grants and no connection's
 * origin stands in for. Each is an audit entry naming the administrator, under the server's own tenant
 * {@value #SERVER_TENANT}, which no tenant can be called.
 */
final class AdminRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);
    static final String SERVER_TENANT = "_server";
    static final String ADMINISTRATOR = "server-administrator";

    private final DocumentStore store;
    private final ServerMetrics metrics;
    private final byte[] credential;
    private final Path backupRoot;
    private final Function<Path, CompletableFuture<StoreRecords.Backup>> backups;
    private final AccountRoutes accounts;

    /** @param adminToken the administrator's credential, or null when none is configured (every call is then refused) */
    AdminRoutes(DocumentStore store, ServerMetrics metrics, String adminToken, Path backupRoot,
            Function<Path, CompletableFuture<StoreRecords.Backup>> backups, AccountRoutes accounts) {
        this.accounts = accounts;
        this.store = store;
        this.metrics = metrics;
        this.credential = adminToken == null ? null : digest(adminToken);
        this.backupRoot = backupRoot == null ? null : backupRoot.toAbsolutePath().normalize();
        this.backups = backups;
    }

    /**
     * {@code POST /api/v1/backup {"directory": "nightly-2026-12-07"}}: the database and every update log as of one
     * moment, in a new folder inside the backup root, readable by the server's user alone.
     */
    ApiResponse backup(ApiRequest request, Map<String, String> parameters) throws ApiException {
        administrator(request, "a backup");
        JsonNode body = RestApi.body(request, Set.of("directory"), Set.of("directory"));
        Path target = insideRoot(RestApi.text(body, "directory", 4096));
        long entry = store.recordAudit(new AuditEntry(0, null, SERVER_TENANT, ADMINISTRATOR, "POST /api/v1/backup", null,
                target.toString(), AuditEntry.UNANSWERED, request.requestId()));
        int status = 500;
        try {
            StoreRecords.Backup backup = run(target);
            status = 200;
            LOG.atInfo().addKeyValue("requestId", request.requestId()).addKeyValue("directory", backup.directory().toString())
                    .addKeyValue("bytes", backup.bytes()).log("backup written");
            return RestApi.json(200, Map.of("directory", backup.directory().toString(), "files", backup.files(), "bytes", backup.bytes()));
        } catch (ApiException e) {
            status = e.error().status();
            throw e;
        } finally {
            store.settleAudit(entry, status, null);
        }
    }

    /**
     * {@code DELETE /api/v1/admin/login-failures/{tenant}/{user}}: forgets the account's failed logins from every
     * address, for an owner whose own address is being slowed down.
     */
    ApiResponse clearLoginFailures(ApiRequest request, Map<String, String> parameters) throws ApiException {
        administrator(request, "clearing failed logins");
        String tenant = parameters.get("tenant");
        String user = parameters.get("user");
        long entry = store.recordAudit(new AuditEntry(0, null, SERVER_TENANT, ADMINISTRATOR, "DELETE /api/v1/admin/login-failures", null,
                tenant + "/" + user, AuditEntry.UNANSWERED, request.requestId()));
        accounts.clearFailures(tenant, user);
        store.settleAudit(entry, 204, null);
        return new ApiResponse(204, ApiResponse.JSON, new byte[0], Map.of());
    }

    private StoreRecords.Backup run(Path target) throws ApiException {
        try {
            return backups.apply(target).get(10, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            throw new ApiError(cause instanceof StorageException ? 409 : 500, "BACKUP_FAILED", String.valueOf(cause.getMessage()), List.of())
                    .exception();
        } catch (TimeoutException e) {
            throw new ApiError(504, "BACKUP_TIMEOUT", "the backup did not finish within 10 minutes", List.of()).exception();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "INTERRUPTED", "the server is stopping", List.of()).exception();
        }
    }

    /** A folder named relative to the backup root, or absolute inside it; nothing outside it. */
    private Path insideRoot(String directory) throws ApiException {
        if (backupRoot == null) {
            throw new ApiError(403, "FORBIDDEN", "this server has no backup folder", List.of("set PROMPTSTUDIO_BACKUP_DIR")).exception();
        }
        Path target;
        try {
            target = backupRoot.resolve(directory).normalize();
        } catch (InvalidPathException e) {
            throw ApiError.badRequest("field 'directory': not a path: " + e.getMessage()).exception();
        }
        if (!target.startsWith(backupRoot) || target.equals(backupRoot)) {
            throw ApiError.badRequest("field 'directory' must name a folder inside the backup folder " + backupRoot,
                    "give a name such as \"nightly-2026-12-07\"").exception();
        }
        return target;
    }

    /** Refuses anyone but the administrator, telling a tenant's owner that no tenant role grants it. */
    private void administrator(ApiRequest request, String what) throws ApiException {
        if (credential == null) {
            throw new ApiError(403, "FORBIDDEN", what + " needs the server administrator's credential, and none is configured",
                    List.of("set PROMPTSTUDIO_ADMIN_TOKEN (at least 32 characters) and send it as 'Authorization: Bearer <token>'")).exception();
        }
        String token = RestApi.bearerToken(request);
        if (token == null || !MessageDigest.isEqual(credential, digest(token))) {
            metrics.authFailures.increment();
            throw new ApiError(403, "FORBIDDEN", what + " needs the server administrator's credential",
                    List.of("no tenant role grants whole-server operations")).exception();
        }
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
