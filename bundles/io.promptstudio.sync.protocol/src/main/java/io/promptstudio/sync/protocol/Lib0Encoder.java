package io.promptstudio.sync.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes lib0's binary encoding (the one Yjs and y-protocols use): variable-length unsigned and signed integers,
 * length-prefixed strings and byte arrays, and lib0's {@code any} values. Integers are JavaScript-safe: up to 53
 * bits. Not thread-safe.
 */
public final class Lib0Encoder {

    /** The largest integer JavaScript represents exactly (2^53 - 1): lib0's limit for var ints. */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private byte[] bytes = new byte[64];
    private int length;

    public Lib0Encoder writeUint8(int value) {
        ensure(1);
        bytes[length++] = (byte) value;
        return this;
    }

    /** An unsigned integer, 7 bits a byte, least significant first; the high bit says another byte follows. */
    public Lib0Encoder writeVarUint(long value) {
        if (value < 0 || value > MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("var uint out of range (0 … 2^53-1): " + value);
        }
        long rest = value;
        while (rest > 0x7F) {
            writeUint8((int) (0x80 | (rest & 0x7F)));
            rest >>>= 7;
        }
        return writeUint8((int) rest);
    }

    /** A signed integer: the first byte holds a continuation bit, the sign bit and 6 bits; later bytes 7 bits. */
    public Lib0Encoder writeVarInt(long value) {
        if (Math.abs(value) > MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("var int out of range (±2^53-1): " + value);
        }
        boolean negative = value < 0;
        long rest = Math.abs(value);
        writeUint8((int) ((rest > 0x3F ? 0x80 : 0) | (negative ? 0x40 : 0) | (rest & 0x3F)));
        rest >>>= 6;
        while (rest > 0) {
            writeUint8((int) ((rest > 0x7F ? 0x80 : 0) | (rest & 0x7F)));
            rest >>>= 7;
        }
        return this;
    }

    /** A string as its UTF-8 bytes, prefixed by their number. */
    public Lib0Encoder writeVarString(String value) {
        return writeVarUint8Array(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes prefixed by their number. */
    public Lib0Encoder writeVarUint8Array(byte[] value) {
        writeVarUint(value.length);
        return writeRaw(value);
    }

    /** Bytes as they are. */
    public Lib0Encoder writeRaw(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, length, value.length);
        length += value.length;
        return this;
    }

    public Lib0Encoder writeFloat32(float value) {
        int bits = Float.floatToIntBits(value);
        return writeUint8(bits >>> 24).writeUint8(bits >>> 16).writeUint8(bits >>> 8).writeUint8(bits);
    }

    public Lib0Encoder writeFloat64(double value) {
        long bits = Double.doubleToLongBits(value);
        for (int shift = 56; shift >= 0; shift -= 8) {
            writeUint8((int) (bits >>> shift));
        }
        return this;
    }

    public Lib0Encoder writeBigInt64(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            writeUint8((int) (value >>> shift));
        }
        return this;
    }

    /**
     * A JSON-like value as lib0's {@code writeAny}: null, {@link Any#UNDEFINED}, Boolean, a whole number (Integer,
     * Long), a Float or Double, {@link Any.BigInt}, String, byte[], List, Map with String keys. Whole numbers outside
     * ±2^31 and fractions are written as floats, as JavaScript numbers are.
     */
    public Lib0Encoder writeAny(Object value) {
        switch (value) {
            case null -> writeUint8(Any.NULL);
            case Any.Undefined undefined -> writeUint8(Any.UNDEFINED_TAG);
            case Boolean b -> writeUint8(b ? Any.TRUE : Any.FALSE);
            case String s -> writeUint8(Any.STRING).writeVarString(s);
            case byte[] array -> writeUint8(Any.BYTES).writeVarUint8Array(array);
            case Any.BigInt big -> writeUint8(Any.BIGINT).writeBigInt64(big.value());
            case Integer i -> writeNumber(i.doubleValue());
            case Long l -> writeNumber(l.doubleValue());
            case Short s -> writeNumber(s.doubleValue());
            case Byte b -> writeNumber(b.doubleValue());
            case Float f -> writeNumber(f.doubleValue());
            case Double d -> writeNumber(d);
            case List<?> list -> {
                writeUint8(Any.ARRAY).writeVarUint(list.size());
                list.forEach(this::writeAny);
            }
            case Map<?, ?> map -> {
                writeUint8(Any.OBJECT).writeVarUint(map.size());
                map.forEach((key, item) -> {
                    if (!(key instanceof String name)) {
                        throw new IllegalArgumentException("object keys must be strings, got " + key);
                    }
                    writeVarString(name);
                    writeAny(item);
                });
            }
            default -> throw new IllegalArgumentException("not a lib0 any value: " + value.getClass().getName());
        }
        return this;
    }

    /** lib0's rule for numbers: a whole number within 31 bits as a var int, else float32 when exact, else float64. */
    private void writeNumber(double number) {
        if (number == 0 && 1 / number < 0) {
            // lib0 writes -0 as a var int with the sign bit set and no magnitude
            writeUint8(Any.INTEGER).writeUint8(0x40);
        } else if (number == Math.rint(number) && Math.abs(number) <= Any.BITS31) {
            writeUint8(Any.INTEGER).writeVarInt((long) number);
        } else if ((double) (float) number == number) {
            writeUint8(Any.FLOAT32).writeFloat32((float) number);
        } else {
            writeUint8(Any.FLOAT64).writeFloat64(number);
        }
    }

    public int length() {
        return length;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
