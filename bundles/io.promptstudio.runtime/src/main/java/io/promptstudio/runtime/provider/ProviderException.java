package io.promptstudio.runtime.provider;

/** A call that failed: the provider's own words where it gave some, and whether trying again may help. */
public final class ProviderException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String kind;

    public ProviderException(String kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** A short class of failure kept in the history: missing-key, authentication, rate-limit, server, timeout, unreachable, bad-reply. */
    public String kind() {
        return kind;
    }
}
