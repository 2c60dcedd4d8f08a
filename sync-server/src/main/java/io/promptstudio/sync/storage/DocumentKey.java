package io.promptstudio.sync.storage;

import io.promptstudio.sync.auth.TokenVerifier;
import java.util.regex.Pattern;

/**
 * Where a document lives: {@code tenant / workspace / name}. The tenant always comes from the caller's token, so a
 * client can only ever name documents of its own tenant.
 */
public record DocumentKey(String tenant, String workspace, String name) {

    /** Document names may have folders ({@code prompts/review.pstudio}); no empty, dot-only or leading segments. */
    public static final Pattern DOCUMENT_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
    public static final int MAX_NAME_LENGTH = 200;

    public DocumentKey {
        requireName(tenant, "tenant");
        requireName(workspace, "workspace");
        String problem = documentNameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Parses a client's {@code workspace/document} address in the caller's tenant.
     *
     * @throws IllegalArgumentException saying what is wrong with the address
     */
    public static DocumentKey parse(String tenant, String address) {
        int slash = address.indexOf('/');
        if (slash <= 0 || slash == address.length() - 1) {
            throw new IllegalArgumentException("document address '" + shorten(address)
                    + "' must be 'workspace/document' (for example 'marketing/review.pstudio')");
        }
        return new DocumentKey(tenant, address.substring(0, slash), address.substring(slash + 1));
    }

    /** The address a client uses: {@code workspace/name}. */
    public String address() {
        return workspace + "/" + name;
    }

    static void requireName(String value, String what) {
        if (value == null || !TokenVerifier.NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " name '" + shorten(value)
                    + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** Why a document name is not acceptable, or null when it is. */
    public static String documentNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "document name is empty";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "document name is longer than " + MAX_NAME_LENGTH + " characters";
        }
        if (!DOCUMENT_NAME.matcher(name).matches()) {
            return "document name '" + shorten(name) + "' may hold letters, digits, '.', '_', '-' and '/' between"
                    + " folder names, and no segment may start with '.'";
        }
        return null;
    }

    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

    @Override
    public String toString() {
        return tenant + "/" + workspace + "/" + name;
    }
}
