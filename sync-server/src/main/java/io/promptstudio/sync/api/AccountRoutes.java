package io.promptstudio.sync.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.promptstudio.sync.api.ApiError.ApiException;
import io.promptstudio.sync.auth.Passwords;
import io.promptstudio.sync.auth.Principal;
import io.promptstudio.sync.auth.Role;
import io.promptstudio.sync.auth.TokenIssuer;
import io.promptstudio.sync.auth.TokenVerifier;
import io.promptstudio.sync.storage.DocumentStore;
import io.promptstudio.sync.storage.StoreRecords.Account;
import io.promptstudio.sync.storage.StoreRecords.AuditEntry;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own accounts: {@code POST /api/v1/login} exchanges a tenant, user name and password for an access
 * token the server signs (HS256, {@link TokenIssuer#LIFETIME}); {@code PUT /api/v1/users/{user}} lets a tenant
 * owner create an account or set its password and role. Passwords are stored only as PBKDF2 hashes. A name
 * that does not exist costs as long and answers the same as a wrong password; five failures for one account
 * within 15 minutes refuse further attempts until the window has passed.
 */
final class AccountRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(AccountRoutes.class);

    static final int MAX_FAILURES = 5;
    static final long FAILURE_WINDOW_MILLIS = 15 * 60 * 1000L;
    /** Accounts whose failures are remembered; beyond this one record is forgotten per new name (names are the caller's to choose). */
    private static final int MAX_REMEMBERED = 10_000;

    private final DocumentStore store;
    private final TokenIssuer issuer;
    private final RestApi api;
    private final AuditRoutes audit;
    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    /** @param issuer null when the server has no HS256 secret to sign with (RS256 only): login is then refused */
    AccountRoutes(DocumentStore store, TokenIssuer issuer, RestApi api, AuditRoutes audit, Clock clock) {
        this.store = store;
        this.issuer = issuer;
        this.api = api;
        this.audit = audit;
        this.clock = clock;
    }

    ApiResponse login(ApiRequest request, Map<String, String> parameters) throws ApiException {
        if (issuer == null) {
            throw new ApiError(501, "NOT_CONFIGURED", "password login needs the server's HS256 secret",
                    List.of("set PROMPTSTUDIO_JWT_SECRET on the server, or sign tokens with your identity provider")).exception();
        }
        JsonNode body = RestApi.body(request, Set.of("tenant", "user", "password"), Set.of("tenant", "user", "password"));
        String tenant = RestApi.text(body, "tenant", 64);
        String user = RestApi.text(body, "user", 256);
        String password = RestApi.text(body, "password", 1024);
        if (!TokenVerifier.NAME.matcher(tenant).matches()) {
            throw ApiError.badRequest("tenant name '" + tenant + "' is not valid", "1-64 letters, digits, '.', '_' or '-'").exception();
        }
        String key = tenant + "/" + user;
        long now = clock.millis();
        Long retryAt = refusedUntil(key, now);
        if (retryAt != null) {
            long seconds = Math.max(1, (retryAt - now + 999) / 1000);
            ApiResponse refused = RestApi.error(new ApiError(429, "TOO_MANY_ATTEMPTS", "too many failed logins for this account",
                    List.of("try again in " + seconds + " s")), request.requestId());
            audit(request, tenant, user, 429);
            return new ApiResponse(429, refused.contentType(), refused.body(), Map.of("Retry-After", Long.toString(seconds)));
        }
        Optional<Account> account = store.account(tenant, user);
        if (!Passwords.matches(password.toCharArray(), account.map(Account::passwordHash).orElse(null))) {
            fail(key, now);
            LOG.atInfo().addKeyValue("requestId", request.requestId()).addKeyValue("tenant", tenant).log("login refused");
            audit(request, tenant, user, 401);
            throw new ApiError(401, "UNAUTHORIZED", "wrong user name or password", List.of()).exception();
        }
        failures.remove(key);
        TokenIssuer.Issued issued = issuer.issue(tenant, user, account.get().role());
        audit(request, tenant, user, 200);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", issued.token());
        answer.put("expiresAt", issued.expiresAt().toString());
        answer.put("tenant", tenant);
        answer.put("user", user);
        answer.put("role", account.get().role().id());
        return RestApi.json(200, answer);
    }

    ApiResponse putAccount(ApiRequest request, Map<String, String> parameters) throws ApiException {
        Principal principal = api.principal(request);
        if (principal.tenantRole() != Role.OWNER) {
            throw ApiError.forbidden("managing accounts needs the owner role for the whole tenant (the token's 'role')").exception();
        }
        String user = parameters.get("user");
        if (user.length() > 256 || user.isBlank()) {
            throw ApiError.badRequest("user name must be 1-256 characters").exception();
        }
        JsonNode body = RestApi.body(request, Set.of("password", "role"), Set.of("password", "role"));
        String password = RestApi.text(body, "password", 1024);
        String problem = Passwords.problem(password);
        if (problem != null) {
            throw ApiError.badRequest("field 'password': " + problem).exception();
        }
        Role role;
        try {
            role = Role.parse(RestApi.text(body, "role", 16));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("field 'role': " + e.getMessage()).exception();
        }
        store.putAccount(new Account(principal.tenant(), user, Passwords.hash(password.toCharArray()), role));
        failures.remove(principal.tenant() + "/" + user);
        LOG.atInfo().addKeyValue("requestId", request.requestId()).addKeyValue("tenant", principal.tenant())
                .addKeyValue("by", principal.userId()).log("account stored");
        return RestApi.json(200, Map.of("tenant", principal.tenant(), "user", user, "role", role.id()));
    }

    /** A login's outcome in the tenant's audit log, under the user name it was for (the token route audits itself). */
    private void audit(ApiRequest request, String tenant, String user, int status) {
        audit.record(new AuditEntry(0, null, tenant, user, "POST " + RestApi.PREFIX + "/login", null, RestApi.PREFIX + "/login",
                status, request.requestId()));
    }

    /** When the account may try again, or null when it may now. */
    private Long refusedUntil(String key, long now) {
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return null;
        }
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= now - FAILURE_WINDOW_MILLIS) {
                times.pollFirst();
            }
            return times.size() >= MAX_FAILURES ? times.peekFirst() + FAILURE_WINDOW_MILLIS : null;
        }
    }

    private void fail(String key, long now) {
        if (failures.size() >= MAX_REMEMBERED && !failures.containsKey(key)) {
            failures.keySet().stream().findAny().ifPresent(failures::remove);
        }
        Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
        }
    }
}
