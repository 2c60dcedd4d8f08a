package io.promptstudio.store;

/** The history database cannot be used; the message says which file and why, and the file was left as it was. */
public final class HistoryException extends Exception {

    private static final long serialVersionUID = 1L;

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
