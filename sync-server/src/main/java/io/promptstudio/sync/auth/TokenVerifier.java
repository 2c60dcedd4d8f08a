package io.promptstudio.sync.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks access tokens: JWTs signed with HS256 (a shared secret) or RS256 (a public key from a PEM file), never
 * unsigned ones. {@code exp} is required, {@code nbf}, {@code iss} and {@code aud} are checked when present or
 * configured, with a small clock skew. Claims: {@code sub} (the user), {@code tenant}, optional {@code role} for
 * every workspace of the tenant, optional {@code workspaces} object of workspace → role.
 */
public final class TokenVerifier {

    /** Tenant and workspace names: what fits a path segment and a log line without escaping. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    static final int MAX_TOKEN_LENGTH = 8 * 1024;

    private final JWSVerifier hmac;
    private final JWSVerifier rsa;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    /**
     * @param hmacSecret   the HS256 secret, at least 32 bytes, or null to refuse HS256
     * @param rsaPublicKey the RS256 key, or null to refuse RS256
     * @param issuer       the required {@code iss}, or null for any
     * @param audience     the audience that {@code aud} must contain, or null for any
     */
    public TokenVerifier(byte[] hmacSecret, RSAPublicKey rsaPublicKey, String issuer, String audience, Clock clock) {
        if (hmacSecret == null && rsaPublicKey == null) {
            throw new IllegalArgumentException("a token verifier needs an HS256 secret or an RS256 public key");
        }
        try {
            this.hmac = hmacSecret == null ? null : new MACVerifier(hmacSecret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the HS256 secret is unusable: " + e.getMessage(), e);
        }
        this.rsa = rsaPublicKey == null ? null : new RSASSAVerifier(rsaPublicKey);
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    /** Reads an RSA public key from a PEM file ({@code -----BEGIN PUBLIC KEY-----}). */
    public static RSAPublicKey readPublicKey(Path pem) throws IOException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        String body = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        if (!text.contains("-----BEGIN PUBLIC KEY-----") || body.isEmpty()) {
            throw new IOException(pem + " is not a PEM public key (expected '-----BEGIN PUBLIC KEY-----')");
        }
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IOException(pem + " does not hold an RSA public key: " + e.getMessage(), e);
        }
    }

    public Principal verify(String token) throws AuthenticationException {
        if (token == null || token.isBlank()) {
            throw new AuthenticationException("no token given");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new AuthenticationException("token longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token.strip());
        } catch (ParseException | IllegalArgumentException e) {
            // Unsigned tokens (alg "none") end here too: nimbus refuses them as signed JWTs.
            throw new AuthenticationException("not a signed JWT: " + e.getMessage());
        }
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        JWSVerifier verifier = JWSAlgorithm.HS256.equals(algorithm) ? hmac : JWSAlgorithm.RS256.equals(algorithm) ? rsa : null;
        if (verifier == null) {
            throw new AuthenticationException("algorithm " + algorithm + " is not accepted (accepted: " + accepted() + ")");
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new AuthenticationException("signature does not match the configured " + algorithm + " key");
            }
        } catch (JOSEException e) {
            throw new AuthenticationException("signature cannot be checked: " + e.getMessage());
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AuthenticationException("claims are not a JSON object: " + e.getMessage());
        }
        checkTimes(claims);
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            throw new AuthenticationException("issuer '" + claims.getIssuer() + "' is not the expected '" + issuer + "'");
        }
        if (audience != null && (claims.getAudience() == null || !claims.getAudience().contains(audience))) {
            throw new AuthenticationException("audience " + claims.getAudience() + " does not include '" + audience + "'");
        }
        return principal(claims);
    }

    private String accepted() {
        return hmac != null && rsa != null ? "HS256, RS256" : hmac != null ? "HS256" : "RS256";
    }

    private void checkTimes(JWTClaimsSet claims) throws AuthenticationException {
        Instant now = clock.instant();
        Date expires = claims.getExpirationTime();
        if (expires == null) {
            throw new AuthenticationException("the token has no expiry (exp)");
        }
        if (now.minus(CLOCK_SKEW).isAfter(expires.toInstant())) {
            throw new AuthenticationException("the token expired at " + expires.toInstant());
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.plus(CLOCK_SKEW).isBefore(notBefore.toInstant())) {
            throw new AuthenticationException("the token is not valid before " + notBefore.toInstant());
        }
    }

    private static Principal principal(JWTClaimsSet claims) throws AuthenticationException {
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank() || subject.length() > 256) {
            throw new AuthenticationException("the token has no usable subject (sub)");
        }
        String tenant = stringClaim(claims, "tenant");
        if (tenant == null || !NAME.matcher(tenant).matches()) {
            throw new AuthenticationException("claim 'tenant' must be a name of letters, digits, '.', '_' or '-' (1-64)");
        }
        Role tenantRole = null;
        String role = stringClaim(claims, "role");
        if (role != null) {
            tenantRole = role(role, "role");
        }
        Map<String, Role> workspaces = new LinkedHashMap<>();
        Object workspaceClaim = claims.getClaim("workspaces");
        if (workspaceClaim != null) {
            if (!(workspaceClaim instanceof Map<?, ?> map)) {
                throw new AuthenticationException("claim 'workspaces' must be an object of workspace to role");
            }
            for (var entry : map.entrySet()) {
                if (!(entry.getValue() instanceof String value)) {
                    throw new AuthenticationException("claim 'workspaces." + entry.getKey() + "' must be a role name");
                }
                workspaces.put(String.valueOf(entry.getKey()), role(value, "workspaces." + entry.getKey()));
            }
        }
        return new Principal(subject, tenant, tenantRole, workspaces);
    }

    private static String stringClaim(JWTClaimsSet claims, String name) throws AuthenticationException {
        Object value = claims.getClaim(name);
        if (value != null && !(value instanceof String)) {
            throw new AuthenticationException("claim '" + name + "' must be a string");
        }
        return (String) value;
    }

    private static Role role(String text, String claim) throws AuthenticationException {
        try {
            return Role.parse(text);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException("claim '" + claim + "': " + e.getMessage());
        }
    }
}
