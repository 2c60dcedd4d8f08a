package io.promptstudio.sync.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Signs the access tokens the server gives for a password login: HS256 with the server's secret, so that
 * {@link TokenVerifier} accepts them like any other. Claims: {@code sub}, {@code tenant}, the account's tenant-wide
 * {@code role}, {@code iat}, {@code exp}, a {@code jti}, and {@code iss} / {@code aud} when the server requires them.
 */
public final class TokenIssuer {

    /** A working day: long enough not to interrupt, short enough that a leaked token expires. */
    public static final Duration LIFETIME = Duration.ofHours(12);

    private final MACSigner signer;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    public TokenIssuer(byte[] hmacSecret, String issuer, String audience, Clock clock) {
        try {
            this.signer = new MACSigner(hmacSecret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the HS256 secret cannot sign tokens: " + e.getMessage(), e);
        }
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    public record Issued(String token, Instant expiresAt) {
    }

    public Issued issue(String tenant, String user, Role role) {
        Instant now = clock.instant();
        Instant expires = now.plus(LIFETIME);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(user).claim("tenant", tenant).claim("role", role.id())
                .issueTime(Date.from(now)).expirationTime(Date.from(expires)).jwtID(UUID.randomUUID().toString());
        if (issuer != null) {
            claims.issuer(issuer);
        }
        if (audience != null) {
            claims.audience(audience);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
        return new Issued(jwt.serialize(), expires);
    }
}
