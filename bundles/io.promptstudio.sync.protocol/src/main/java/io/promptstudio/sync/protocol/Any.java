package io.promptstudio.sync.protocol;

/** lib0's {@code any} values: the tags, and the two values Java has no type of its own for. */
public final class Any {

    /** JavaScript's {@code undefined}, which lib0 tells apart from null. */
    public enum Undefined { VALUE }

    public static final Undefined UNDEFINED = Undefined.VALUE;

    /** A JavaScript BigInt (64 bits). */
    public record BigInt(long value) {
    }

    static final int UNDEFINED_TAG = 127;
    static final int NULL = 126;
    static final int INTEGER = 125;
    static final int FLOAT32 = 124;
    static final int FLOAT64 = 123;
    static final int BIGINT = 122;
    static final int FALSE = 121;
    static final int TRUE = 120;
    static final int STRING = 119;
    static final int OBJECT = 118;
    static final int ARRAY = 117;
    static final int BYTES = 116;

    /** lib0 writes whole numbers up to this magnitude as var ints. */
    static final long BITS31 = 0x7FFFFFFFL;

    private Any() {
    }
}
