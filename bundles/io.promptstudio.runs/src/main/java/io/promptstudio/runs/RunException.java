package io.promptstudio.runs;

/** A run that could not start or could not be kept: the message says what to fix, {@link #kind()} for whom. */
public final class RunException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The prompt names no profile and the request gives none. */
        NO_PROFILE,
        /** The request names a profile that does not exist, or an override that is not a value of its setting. */
        SETTINGS,
        /** The cache could not be opened, read or written. */
        CACHE,
        /** The run history could not be written; the run happened but is not recorded. */
        HISTORY,
        /** The prompt's file could not be read. */
        SOURCE,
        /** The price table could not be read. */
        PRICES
    }

    private final Kind kind;

    public RunException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
