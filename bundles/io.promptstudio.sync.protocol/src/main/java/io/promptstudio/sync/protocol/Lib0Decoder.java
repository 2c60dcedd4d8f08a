package io.promptstudio.sync.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads lib0's binary encoding from bytes that may be hostile: every length is checked against the bytes that
 * are left before anything is allocated, integers longer than 53 bits and nesting deeper than {@link #MAX_DEPTH}
 * are refused, and every failure is a {@link ProtocolException} that names the offset. Not thread-safe.
 */
public final class Lib0Decoder {

    /** How deeply {@code any} arrays and objects may nest. */
    public static final int MAX_DEPTH = 64;

    private final byte[] bytes;
    private final int end;
    private int position;

    public Lib0Decoder(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    public Lib0Decoder(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + bytes.length + " bytes");
        }
        this.bytes = bytes;
        this.position = offset;
        this.end = offset + length;
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return end - position;
    }

    public boolean hasRemaining() {
        return position < end;
    }

    public int readUint8() throws ProtocolException {
        if (position >= end) {
            throw new ProtocolException(position, "unexpected end of message");
        }
        return bytes[position++] & 0xFF;
    }

    public long readVarUint() throws ProtocolException {
        int start = position;
        long value = 0;
        int shift = 0;
        while (true) {
            int next = readUint8();
            value |= (long) (next & 0x7F) << shift;
            shift += 7;
            if (next < 0x80) {
                break;
            }
            if (shift > 53) {
                throw new ProtocolException(start, "var uint longer than 53 bits");
            }
        }
        if (value > Lib0Encoder.MAX_SAFE_INTEGER) {
            throw new ProtocolException(start, "var uint longer than 53 bits");
        }
        return value;
    }

    /** A var uint that must fit an int and be at most what is left to read: a length or a count. */
    public int readLength(String what) throws ProtocolException {
        int start = position;
        long value = readVarUint();
        if (value > remaining()) {
            throw new ProtocolException(start, what + " of " + value + " is more than the " + remaining() + " bytes left");
        }
        return (int) value;
    }

    public long readVarInt() throws ProtocolException {
        int start = position;
        int first = readUint8();
        long value = first & 0x3F;
        boolean negative = (first & 0x40) != 0;
        int shift = 6;
        int next = first;
        while ((next & 0x80) != 0) {
            if (shift > 53) {
                throw new ProtocolException(start, "var int longer than 53 bits");
            }
            next = readUint8();
            value |= (long) (next & 0x7F) << shift;
            shift += 7;
        }
        if (value > Lib0Encoder.MAX_SAFE_INTEGER) {
            throw new ProtocolException(start, "var int longer than 53 bits");
        }
        return negative ? -value : value;
    }

    public byte[] readVarUint8Array() throws ProtocolException {
        int length = readLength("byte array length");
        byte[] value = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return value;
    }

    public String readVarString() throws ProtocolException {
        int start = position;
        int length = readLength("string length");
        try {
            String value = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, position, length)).toString();
            position += length;
            return value;
        } catch (CharacterCodingException e) {
            throw new ProtocolException(start, "string is not valid UTF-8");
        }
    }

    /** The rest of the bytes, as they are. */
    public byte[] readRest() {
        byte[] value = Arrays.copyOfRange(bytes, position, end);
        position = end;
        return value;
    }

    public float readFloat32() throws ProtocolException {
        return Float.intBitsToFloat((int) readBigEndian(4));
    }

    public double readFloat64() throws ProtocolException {
        return Double.longBitsToDouble(readBigEndian(8));
    }

    private long readBigEndian(int count) throws ProtocolException {
        if (remaining() < count) {
            throw new ProtocolException(position, "unexpected end of message: " + count + " bytes needed, " + remaining() + " left");
        }
        long value = 0;
        for (int i = 0; i < count; i++) {
            value = value << 8 | (bytes[position++] & 0xFF);
        }
        return value;
    }

    /** A value written by lib0's {@code writeAny}: see {@link Lib0Encoder#writeAny}; whole numbers come back as Long. */
    public Object readAny() throws ProtocolException {
        return readAny(0);
    }

    private Object readAny(int depth) throws ProtocolException {
        int start = position;
        if (depth > MAX_DEPTH) {
            throw new ProtocolException(start, "values nested deeper than " + MAX_DEPTH);
        }
        int tag = readUint8();
        return switch (tag) {
            case Any.UNDEFINED_TAG -> Any.UNDEFINED;
            case Any.NULL -> null;
            case Any.INTEGER -> readVarInt();
            case Any.FLOAT32 -> (double) readFloat32();
            case Any.FLOAT64 -> readFloat64();
            case Any.BIGINT -> new Any.BigInt(readBigEndian(8));
            case Any.FALSE -> Boolean.FALSE;
            case Any.TRUE -> Boolean.TRUE;
            case Any.STRING -> readVarString();
            case Any.OBJECT -> {
                // every entry takes at least two bytes, which bounds the count before anything is allocated
                int count = readLength("object size");
                Map<String, Object> object = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    object.put(readVarString(), readAny(depth + 1));
                }
                yield object;
            }
            case Any.ARRAY -> {
                int count = readLength("array length");
                List<Object> array = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    array.add(readAny(depth + 1));
                }
                yield array;
            }
            case Any.BYTES -> readVarUint8Array();
            default -> throw new ProtocolException(start, "unknown value type " + tag);
        };
    }
}
