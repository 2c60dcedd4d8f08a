package io.promptstudio.sync.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;

/** Mints HS256 tokens the way an identity provider would, for tests. */
public final class Tokens {

    public static final String SECRET = "test-secret-that-is-at-least-32-bytes-long";

    private Tokens() {
    }

    public static String token(String user, String tenant, String role) {
        return token(SECRET, user, tenant, role, Map.of(), Instant.now().plus(Duration.ofHours(1)));
    }

    public static String token(String secret, String user, String tenant, String role, Map<String, String> workspaces, Instant expires) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(user).claim("tenant", tenant).expirationTime(Date.from(expires));
        if (role != null) {
            claims.claim("role", role);
        }
        if (!workspaces.isEmpty()) {
            claims.claim("workspaces", workspaces);
        }
        return sign(secret, claims.build());
    }

    public static String sign(String secret, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(Arrays.copyOf(secret.getBytes(StandardCharsets.UTF_8), Math.max(32, secret.length()))));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
