package io.promptstudio.sync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.promptstudio.sync.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a token is accepted or refused, with the reason the client is told. */
class TokenVerifierTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static KeyPair rsa;
    private static KeyPair otherRsa;

    @TempDir
    Path temp;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa = generator.generateKeyPair();
        otherRsa = generator.generateKeyPair();
    }

    private Path pem(KeyPair pair) throws Exception {
        Path file = temp.resolve("key-" + System.nanoTime() + ".pem");
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPublic().getEncoded());
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
        return file;
    }

    private TokenVerifier verifier(String issuer, String audience) throws Exception {
        return new TokenVerifier(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), TokenVerifier.readPublicKey(pem(rsa)), issuer, audience,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("ann").claim("tenant", "acme").claim("role", "editor")
                .expirationTime(Date.from(NOW.plus(Duration.ofHours(1))));
    }

    private static String rs256(KeyPair pair, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner(pair.getPrivate()));
        return jwt.serialize();
    }

    private static String refusal(TokenVerifier verifier, String token) {
        return assertThrows(AuthenticationException.class, () -> verifier.verify(token)).getMessage();
    }

    @Test
    void rs256TokensSignedByTheConfiguredKeyAreAcceptedWithTheirClaims() throws Exception {
        TokenVerifier verifier = verifier("https://id.example.com", "promptstudio");
        Principal principal = verifier.verify(rs256(rsa, claims().issuer("https://id.example.com").audience(List.of("promptstudio", "other"))
                .claim("workspaces", Map.of("marketing", "owner")).build()));
        assertEquals(new Principal("ann", "acme", Role.EDITOR, Map.of("marketing", Role.OWNER)), principal);
        assertEquals(Role.OWNER, principal.tokenRoleIn("marketing").orElseThrow());
        assertEquals(Role.EDITOR, principal.tokenRoleIn("sales").orElseThrow());
    }

    @Test
    void eachBadTokenIsRefusedWithItsReason() throws Exception {
        TokenVerifier verifier = verifier("https://id.example.com", "promptstudio");
        JWTClaimsSet good = claims().issuer("https://id.example.com").audience("promptstudio").build();
        assertTrue(refusal(verifier, rs256(otherRsa, good)).startsWith("signature does not match the configured RS256 key"));
        assertEquals("audience [elsewhere] does not include 'promptstudio'",
                refusal(verifier, rs256(rsa, claims().issuer("https://id.example.com").audience("elsewhere").build())));
        assertEquals("issuer 'https://evil.example.com' is not the expected 'https://id.example.com'",
                refusal(verifier, rs256(rsa, claims().issuer("https://evil.example.com").audience("promptstudio").build())));
        assertEquals("the token expired at 2026-12-01T11:00:00Z", refusal(verifier, rs256(rsa,
                claims().issuer("https://id.example.com").audience("promptstudio").expirationTime(Date.from(NOW.minus(Duration.ofHours(1)))).build())));
        assertEquals("the token is not valid before 2026-12-01T13:00:00Z", refusal(verifier, rs256(rsa,
                claims().issuer("https://id.example.com").audience("promptstudio").notBeforeTime(Date.from(NOW.plus(Duration.ofHours(1)))).build())));
        assertEquals("the token has no expiry (exp)", refusal(verifier, rs256(rsa,
                new JWTClaimsSet.Builder().subject("ann").claim("tenant", "acme").issuer("https://id.example.com").audience("promptstudio").build())));
        assertEquals("claim 'role': unknown role 'admin' (expected owner, editor or viewer)", refusal(verifier, rs256(rsa,
                claims().issuer("https://id.example.com").audience("promptstudio").claim("role", "admin").build())));
        assertTrue(refusal(verifier, "a.b").startsWith("not a signed JWT"));
        assertEquals("token longer than 8192 characters", refusal(verifier, "x".repeat(9000)));
    }

    @Test
    void aVerifierWithoutAnRsaKeyRefusesRs256AndNoneAtAll() throws Exception {
        TokenVerifier hmacOnly = new TokenVerifier(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), null, null, null, Clock.fixed(NOW, ZoneOffset.UTC));
        assertEquals("algorithm RS256 is not accepted (accepted: HS256)", refusal(hmacOnly, rs256(rsa, claims().build())));
        assertThrows(IllegalArgumentException.class, () -> new TokenVerifier(null, null, null, null, Clock.systemUTC()));
    }

    @Test
    void aPublicKeyFileThatIsNotOneIsReportedWithItsPath() throws Exception {
        Path garbage = temp.resolve("garbage.pem");
        Files.writeString(garbage, "hello");
        assertTrue(assertThrows(java.io.IOException.class, () -> TokenVerifier.readPublicKey(garbage)).getMessage()
                .contains("is not a PEM public key"));
        Path notRsa = temp.resolve("bad.pem");
        Files.writeString(notRsa, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        assertTrue(assertThrows(java.io.IOException.class, () -> TokenVerifier.readPublicKey(notRsa)).getMessage()
                .contains("does not hold an RSA public key"));
        RSAPublicKey key = TokenVerifier.readPublicKey(pem(rsa));
        assertEquals(rsa.getPublic(), key);
    }
}
