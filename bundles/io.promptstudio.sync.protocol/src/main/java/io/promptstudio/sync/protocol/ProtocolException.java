package io.promptstudio.sync.protocol;

/** Bytes that are not a valid message: says what was wrong and at which offset of the input. */
public final class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int offset;

    public ProtocolException(int offset, String message) {
        super(message + " (at byte " + offset + ")");
        this.offset = offset;
    }

    /** The offset in the decoded bytes where the problem was found. */
    public int offset() {
        return offset;
    }
}
