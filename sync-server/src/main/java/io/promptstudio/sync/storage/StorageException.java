package io.promptstudio.sync.storage;

/** The database failed; what was being done is in the message, the driver's error is the cause. */
public final class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
