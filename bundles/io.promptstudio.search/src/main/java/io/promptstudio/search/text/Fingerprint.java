package io.promptstudio.search.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Content hashes: of a file's bytes (has it changed?) and of a chunk's normalised text (is it a duplicate?). */
public final class Fingerprint {

    private Fingerprint() {
    }

    /** Equal for texts that differ only in case, spacing and punctuation: the same paragraph copied twice. */
    public static String ofText(String text) {
        String normalised = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
        return sha256(normalised.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
