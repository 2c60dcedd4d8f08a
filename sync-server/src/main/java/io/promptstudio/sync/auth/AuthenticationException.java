package io.promptstudio.sync.auth;

/** A token was refused; the message says why without repeating the token. */
public final class AuthenticationException extends Exception {

    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }
}
