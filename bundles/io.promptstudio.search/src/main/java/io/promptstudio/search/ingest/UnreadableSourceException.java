package io.promptstudio.search.ingest;

/** A file that ingest skips, with the reason a person reads ("encrypted PDF", "binary data at byte 112"). */
public final class UnreadableSourceException extends Exception {

    public UnreadableSourceException(String reason) {
        super(reason);
    }

    public UnreadableSourceException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
