package io.promptstudio.eval;

/** A dataset that cannot be read at all (a missing file, a file that is not text); its message names the file. */
public final class DatasetException extends Exception {

    private static final long serialVersionUID = 1L;

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
