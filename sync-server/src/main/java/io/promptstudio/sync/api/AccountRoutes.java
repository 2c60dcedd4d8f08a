package io.promptstudio.sync.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.promptstudio.sync.RateLimiter;
import io.promptstudio.sync.ServerMetrics;
import io.promptstudio.sync.api.ApiError.ApiException;
import io.promptstudio.sync.auth.PasswordChecks;
import io.promptstudio.sync.auth.Passwords;
import io.promptstudio.sync.auth.Principal;
import io.promptstudio.sync.auth.Role;
import io.promptstudio.sync.auth.TokenIssuer;
import io.promptstudio.sync.auth.TokenVerifier;
import io.promptstudio.sync.storage.DocumentStore;
import io.promptstudio.sync.storage.StoreRecords.Account;
import io.promptstudio.sync.storage.StoreRecords.AuditEntry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own accounts: {@code POST /api/v1/login} exchanges a tenant, user name and password for an access
 * token the server signs (HS256, {@link TokenIssuer#LIFETIME}); {@code PUT /api/v1/users/{user}} lets a tenant
 * owner create an account or set its password and role. Passwords are stored only as PBKDF2 hashes, checked on
 * {@link PasswordChecks}' threads. A name that does not exist costs as long and answers the same as a wrong
 * password.
 *
 * <p>Guessing is slowed, not locked out: each address may start {@value #LOGINS_PER_SECOND} logins a second
 * (bursts of {@value #LOGIN_BURST}) before any password is checked, and after {@value #FREE_FAILURES} failures for
 * one account from one address, that address waits 1 s, then 2, 4, … up to 15 minutes before its next try for that
 * account. Another address — the account's owner elsewhere — is not slowed by them; a token already issued keeps
 * working; a tenant owner setting the password, or the administrator, clears the failures.
 */
final class AccountRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(AccountRoutes.class);

    static final int LOGINS_PER_SECOND = 5;
    static final int LOGIN_BURST = 10;
    static final int FREE_FAILURES = 3;
    static final long MAX_DELAY_MILLIS = 15 * 60 * 1000L;
    /** Failures are forgotten this long after the last one. */
    static final long FORGET_AFTER_MILLIS = 15 * 60 * 1000L;
    /** Addresses and account-address pairs remembered; beyond this the oldest-looking entry is forgotten per new one. */
    private static final int MAX_REMEMBERED = 10_000;

    /** Failed logins of one account from one address. */
    private static final class Failures {
        int count;
        long last;

        synchronized long retryAt(long now) {
            if (now - last > FORGET_AFTER_MILLIS) {
                count = 0;
            }
            return count < FREE_FAILURES ? 0 : last + Math.min(MAX_DELAY_MILLIS, 1000L << Math.min(30, count - FREE_FAILURES));
        }

        synchronized void add(long now) {
            if (now - last > FORGET_AFTER_MILLIS) {
                count = 0;
            }
            count++;
            last = now;
        }
    }

    private final DocumentStore store;
    private final TokenIssuer issuer;
    private final RestApi api;
    private final AuditRoutes audit;
    private final PasswordChecks passwords;
    private final ServerMetrics metrics;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Map<String, RateLimiter> addresses = new ConcurrentHashMap<>();

    /** @param issuer null when the server has no HS256 secret to sign with (RS256 only): login is then refused */
    AccountRoutes(DocumentStore store, TokenIssuer issuer, RestApi api, AuditRoutes audit, PasswordChecks passwords, ServerMetrics metrics,
            Clock clock) {
        this.store = store;
        this.issuer = issuer;
        this.api = api;
        this.audit = audit;
        this.passwords = passwords;
        this.metrics = metrics;
        this.clock = clock;
    }

    CompletableFuture<ApiResponse> login(ApiRequest request, Map<String, String> parameters) throws ApiException {
        if (issuer == null) {
            throw new ApiError(501, "NOT_CONFIGURED", "password login needs the server's HS256 secret",
                    List.of("set PROMPTSTUDIO_JWT_SECRET on the server, or sign tokens with your identity provider")).exception();
        }
        if (!addressMayTry(request.remoteAddress())) {
            metrics.rateLimited.increment();
            return CompletableFuture.completedFuture(retryLater(request, new ApiError(429, "TOO_MANY_REQUESTS",
                    "too many logins from " + request.remoteAddress(), List.of("at most " + LOGINS_PER_SECOND + " a second from one address")), 1));
        }
        JsonNode body = RestApi.body(request, Set.of("tenant", "user", "password"), Set.of("tenant", "user", "password"));
        String tenant = RestApi.text(body, "tenant", 64);
        String user = RestApi.text(body, "user", 256);
        String password = RestApi.text(body, "password", 1024);
        if (!TokenVerifier.NAME.matcher(tenant).matches()) {
            throw ApiError.badRequest("tenant name '" + tenant + "' is not valid", "1-64 letters, digits, '.', '_' or '-'").exception();
        }
        String key = failureKey(tenant, user, request.remoteAddress());
        long now = clock.millis();
        Failures known = failures.get(key);
        long retryAt = known == null ? 0 : known.retryAt(now);
        if (retryAt > now) {
            audit(request, tenant, user, 429);
            return CompletableFuture.completedFuture(retryLater(request, new ApiError(429, "TOO_MANY_ATTEMPTS",
                    "too many failed logins for this account from this address", List.of("try again in " + seconds(retryAt - now) + " s")),
                    seconds(retryAt - now)));
        }
        Optional<Account> account = store.account(tenant, user);
        return passwords.matches(password.toCharArray(), account.map(Account::passwordHash).orElse(null)).handle((matched, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                if (cause instanceof PasswordChecks.Busy busy) {
                    return retryLater(request, new ApiError(503, "BUSY", busy.getMessage(), List.of("try again in a second")), 1);
                }
                throw new java.util.concurrent.CompletionException(cause);
            }
            if (!matched) {
                remember(key).add(clock.millis());
                LOG.atInfo().addKeyValue("requestId", request.requestId()).addKeyValue("tenant", tenant).log("login refused");
                audit(request, tenant, user, 401);
                return RestApi.error(new ApiError(401, "UNAUTHORIZED", "wrong user name or password", List.of()), request.requestId());
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
        });
    }

    /** Forgets every failure of the account, from every address. */
    void clearFailures(String tenant, String user) {
        String prefix = failureKey(tenant, user, "");
        failures.keySet().removeIf(key -> key.startsWith(prefix));
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
        clearFailures(principal.tenant(), user);
        LOG.atInfo().addKeyValue("requestId", request.requestId()).addKeyValue("tenant", principal.tenant())
                .addKeyValue("by", principal.userId()).log("account stored");
        return RestApi.json(200, Map.of("tenant", principal.tenant(), "user", user, "role", role.id()));
    }

    /** A login's outcome in the tenant's audit log, under the user name it was for (the token route audits itself). */
    private void audit(ApiRequest request, String tenant, String user, int status) {
        audit.record(new AuditEntry(0, null, tenant, user, "POST " + RestApi.PREFIX + "/login", null, RestApi.PREFIX + "/login",
                status, request.requestId()));
    }

    private static String failureKey(String tenant, String user, String address) {
        return tenant + "/" + user.length() + ":" + user + "@" + address;
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    private static ApiResponse retryLater(ApiRequest request, ApiError error, long seconds) {
        ApiResponse refused = RestApi.error(error, request.requestId());
        return new ApiResponse(error.status(), refused.contentType(), refused.body(), Map.of("Retry-After", Long.toString(seconds)));
    }

    private boolean addressMayTry(String address) {
        if (addresses.size() >= MAX_REMEMBERED && !addresses.containsKey(address)) {
            addresses.keySet().stream().findAny().ifPresent(addresses::remove);
        }
        RateLimiter limiter = addresses.computeIfAbsent(address, a -> new RateLimiter(LOGINS_PER_SECOND, LOGIN_BURST, System.nanoTime()));
        synchronized (limiter) {
            return limiter.tryAcquire(System.nanoTime());
        }
    }

    private Failures remember(String key) {
        if (failures.size() >= MAX_REMEMBERED && !failures.containsKey(key)) {
            failures.keySet().stream().findAny().ifPresent(failures::remove);
        }
        return failures.computeIfAbsent(key, k -> new Failures());
    }
}
