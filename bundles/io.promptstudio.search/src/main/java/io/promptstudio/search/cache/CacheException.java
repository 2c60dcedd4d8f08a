package io.promptstudio.search.cache;

/** The cache's database cannot be opened, read or written; the message names the file. */
public final class CacheException extends Exception {

    public CacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
