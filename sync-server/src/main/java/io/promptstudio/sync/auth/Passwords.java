package io.promptstudio.sync.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes for the server's own accounts: PBKDF2-HMAC-SHA256 with a random 16-byte salt, stored as
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (base64), so that a later server can raise the iterations and still
 * check old hashes. Never the password itself, never a fast hash.
 */
public final class Passwords {

    /** OWASP's figure for PBKDF2-HMAC-SHA256 (2023): about a third of a second on a server core. */
    public static final int ITERATIONS = 600_000;

    /** Long enough to resist guessing; no composition rules (they make passwords worse, not stronger). */
    public static final int MIN_LENGTH = 12;

    private static final String SCHEME = "pbkdf2-sha256";
    private static final int MAX_LENGTH = 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Checked against when the account does not exist, so that an unknown name takes as long as a wrong password;
     * made on the first such login rather than when the class loads (a third of a second at every start).
     */
    private static final class UnknownAccount {
        static final String HASH = hash("an account that does not exist".toCharArray(), ITERATIONS);
    }

    private Passwords() {
    }

    /** Why this password cannot be set, or null when it can. */
    public static String problem(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "a password needs at least " + MIN_LENGTH + " characters";
        }
        if (password.length() > MAX_LENGTH) {
            return "a password has at most " + MAX_LENGTH + " characters";
        }
        return null;
    }

    public static String hash(char[] password) {
        return hash(password, ITERATIONS);
    }

    static String hash(char[] password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(derive(password, salt, iterations));
    }

    /** Whether {@code password} is the one {@code stored} was made from; a null {@code stored} (no account) is never matched. */
    public static boolean matches(char[] password, String stored) {
        boolean known = stored != null;
        String[] parts = (known ? stored : UnknownAccount.HASH).split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        int iterations;
        byte[] salt;
        byte[] expected;
        try {
            iterations = Integer.parseInt(parts[1]);
            salt = Base64.getDecoder().decode(parts[2]);
            expected = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (iterations < 1 || iterations > 10_000_000) {
            return false;
        }
        boolean equal = MessageDigest.isEqual(derive(password, salt, iterations), expected);
        return known && equal;
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }
}
