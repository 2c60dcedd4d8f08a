package io.promptstudio.search.index;

/** The index cannot be opened, read or written; the message says which folder and why. */
public final class IndexException extends Exception {

    public IndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
