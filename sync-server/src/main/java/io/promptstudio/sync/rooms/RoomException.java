package io.promptstudio.sync.rooms;

/** A connection cannot join or write a document; {@code reason} is what the client is told. */
public final class RoomException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Kind { NOT_FOUND, FORBIDDEN, LIMIT, STORAGE }

    private final Kind kind;

    public RoomException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
