package io.promptstudio.sync.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.sync.protocol.Any;
import io.promptstudio.sync.protocol.AwarenessUpdate;
import io.promptstudio.sync.protocol.HocuspocusMessage;
import io.promptstudio.sync.protocol.Lib0Decoder;
import io.promptstudio.sync.protocol.Lib0Encoder;
import io.promptstudio.sync.protocol.ProtocolException;
import io.promptstudio.sync.protocol.StateVector;
import io.promptstudio.sync.protocol.YMessage;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** lib0's encoding: known bytes, round trips, and hostile input that must fail cleanly with the offset named. */
class Lib0Test {

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void varIntsAndAnyValuesHaveLib0sBytes() {
        assertEquals("00", hex(new Lib0Encoder().writeVarUint(0).toByteArray()));
        assertEquals("7f", hex(new Lib0Encoder().writeVarUint(127).toByteArray()));
        assertEquals("8001", hex(new Lib0Encoder().writeVarUint(128).toByteArray()));
        assertEquals("ffffffffffffff0f", hex(new Lib0Encoder().writeVarUint((1L << 53) - 1).toByteArray()));
        assertEquals("43", hex(new Lib0Encoder().writeVarInt(-3).toByteArray()));
        assertEquals("8001", hex(new Lib0Encoder().writeVarInt(64).toByteArray()));
        assertEquals("7e", hex(new Lib0Encoder().writeAny(null).toByteArray()));
        assertEquals("7f", hex(new Lib0Encoder().writeAny(Any.UNDEFINED).toByteArray()));
        assertEquals("78", hex(new Lib0Encoder().writeAny(true).toByteArray()));
        assertEquals("7d03", hex(new Lib0Encoder().writeAny(3).toByteArray()));
        assertEquals("7d43", hex(new Lib0Encoder().writeAny(-3L).toByteArray()));
        assertEquals("7d40", hex(new Lib0Encoder().writeAny(-0.0).toByteArray()), "lib0 keeps the sign of -0");
        assertEquals("7c3f000000", hex(new Lib0Encoder().writeAny(0.5).toByteArray()));
        assertEquals("7b3fb999999999999a", hex(new Lib0Encoder().writeAny(0.1).toByteArray()));
        assertEquals("7c4f000000", hex(new Lib0Encoder().writeAny(2147483648L).toByteArray()), "beyond 31 bits a number is a float");
        assertEquals("770161", hex(new Lib0Encoder().writeAny("a").toByteArray()));
        assertEquals("7501" + "7d01", hex(new Lib0Encoder().writeAny(List.of(1)).toByteArray()));
        assertEquals("760101617d01", hex(new Lib0Encoder().writeAny(Map.of("a", 1)).toByteArray()));
        assertEquals("74020102", hex(new Lib0Encoder().writeAny(new byte[] {1, 2}).toByteArray()));
        assertEquals("7a0000000000000005", hex(new Lib0Encoder().writeAny(new Any.BigInt(5)).toByteArray()));
        assertThrows(IllegalArgumentException.class, () -> new Lib0Encoder().writeVarUint(1L << 53));
        assertThrows(IllegalArgumentException.class, () -> new Lib0Encoder().writeAny(new Object()));
    }

    @Property(tries = 500)
    void varUintsRoundTrip(@ForAll @LongRange(min = 0, max = (1L << 53) - 1) long value) throws ProtocolException {
        Lib0Decoder in = new Lib0Decoder(new Lib0Encoder().writeVarUint(value).toByteArray());
        assertEquals(value, in.readVarUint());
        assertEquals(0, in.remaining());
    }

    @Property(tries = 500)
    void varIntsRoundTrip(@ForAll @LongRange(min = -(1L << 53) + 1, max = (1L << 53) - 1) long value) throws ProtocolException {
        assertEquals(value, new Lib0Decoder(new Lib0Encoder().writeVarInt(value).toByteArray()).readVarInt());
    }

    @Property(tries = 300)
    void anyValuesRoundTrip(@ForAll("values") Object value) throws ProtocolException {
        Object back = new Lib0Decoder(new Lib0Encoder().writeAny(value).toByteArray()).readAny();
        assertEquals(normalized(value), normalized(back));
    }

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> leaves = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.longs().between(-(1L << 31) + 1, (1L << 31) - 1).map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d), Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just((Object) null));
        return Arbitraries.recursive(() -> leaves, inner -> Arbitraries.oneOf(inner.list().ofMaxSize(4).map(list -> (Object) list),
                Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(6), inner).ofMaxSize(4).map(map -> (Object) map)), 0, 3);
    }

    /** Numbers as doubles and bytes as lists, so that equal values compare equal. */
    private static Object normalized(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Lib0Test::normalized).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(key, normalized(item)));
            return copy;
        }
        return value;
    }

    @Test
    void hostileLengthsAndIntegersFailWithTheirOffsetAndAllocateNothing() {
        // a string claiming 2^40 bytes in a five-byte message
        byte[] hugeString = new Lib0Encoder().writeVarUint(1L << 40).toByteArray();
        ProtocolException e = assertThrows(ProtocolException.class, () -> new Lib0Decoder(hugeString).readVarString());
        assertEquals(0, e.offset());
        assertTrue(e.getMessage().contains("more than the"), e.getMessage());

        byte[] tooLong = HexFormat.of().parseHex("ffffffffffffffff7f");
        assertEquals(0, assertThrows(ProtocolException.class, () -> new Lib0Decoder(tooLong).readVarUint()).offset());

        byte[] badUtf8 = HexFormat.of().parseHex("02c328");
        assertTrue(assertThrows(ProtocolException.class, () -> new Lib0Decoder(badUtf8).readVarString()).getMessage().contains("UTF-8"));

        Lib0Encoder deep = new Lib0Encoder();
        for (int i = 0; i < 10_000; i++) {
            deep.writeUint8(0x75).writeVarUint(1);
        }
        assertTrue(assertThrows(ProtocolException.class, () -> new Lib0Decoder(deep.toByteArray()).readAny()).getMessage()
                .contains("nested deeper"));

        byte[] hugeArray = HexFormat.of().parseHex("75ffffffff0f");
        assertEquals(1, assertThrows(ProtocolException.class, () -> new Lib0Decoder(hugeArray).readAny()).offset());
        assertTrue(assertThrows(ProtocolException.class, () -> YMessage.decode(HexFormat.of().parseHex("09"))).getMessage()
                .contains("unknown message type 9"));
        assertTrue(assertThrows(ProtocolException.class, () -> StateVector.decode(HexFormat.of().parseHex("0201010101")))
                .getMessage().contains("appears twice"));
    }

    @Test
    void everyTruncationOfARealFrameIsAProtocolExceptionNeverAnotherError() throws Exception {
        for (var frame : ReferenceVectors.hocuspocusFrames()) {
            byte[] bytes = frame.getValue();
            for (int cut = 0; cut < bytes.length; cut++) {
                byte[] truncated = Arrays.copyOf(bytes, cut);
                try {
                    HocuspocusMessage.decode(truncated);
                } catch (ProtocolException expected) {
                    assertTrue(expected.offset() <= cut, "the offset is inside the input");
                }
            }
        }
        for (byte[] frame : ReferenceVectors.yWebsocketFrames()) {
            for (int cut = 0; cut < frame.length; cut++) {
                byte[] truncated = Arrays.copyOf(frame, cut);
                int at = cut;
                assertThrows(ProtocolException.class, () -> YMessage.decode(truncated), () -> "cut at " + at);
            }
        }
    }

    @Property(tries = 2000)
    void randomBytesNeverEscapeAsAnythingButAProtocolException(@ForAll @Size(max = 64) byte[] bytes) {
        for (ThrowingDecode decode : List.<ThrowingDecode>of(YMessage::decode, HocuspocusMessage::decode, AwarenessUpdate::decode,
                StateVector::decode, b -> new Lib0Decoder(b).readAny())) {
            try {
                decode.apply(bytes);
            } catch (ProtocolException expected) {
                assertTrue(expected.offset() >= 0 && expected.offset() <= bytes.length);
            }
        }
    }

    private interface ThrowingDecode {
        Object apply(byte[] bytes) throws ProtocolException;
    }
}
