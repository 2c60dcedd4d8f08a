package io.promptstudio.sync.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.sync.protocol.Awareness;
import io.promptstudio.sync.protocol.AwarenessUpdate;
import io.promptstudio.sync.protocol.HocuspocusMessage;
import io.promptstudio.sync.protocol.Lib0Decoder;
import io.promptstudio.sync.protocol.StateVector;
import io.promptstudio.sync.protocol.SyncMessage;
import io.promptstudio.sync.protocol.YMessage;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our encoding reproduces, byte for byte, every protocol frame real Yjs, y-websocket and Hocuspocus produced. */
class ReferenceVectorsTest {

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void stateVectorsDecodeAndEncodeAsYjsWritesThem() throws Exception {
        Map<String, byte[]> vectors = ReferenceVectors.interop();
        assertEquals(Map.of(1L, 14L), StateVector.decode(vectors.get("A state vector (v1)")).clocks());
        assertEquals(Map.of(), StateVector.decode(vectors.get("B state vector (v1, empty)")).clocks());
        byte[] afterSync = vectors.get("A state vector after sync");
        assertEquals(Map.of(1L, 14L, 2L, 1L), StateVector.decode(afterSync).clocks());
        assertEquals(hex(afterSync), hex(StateVector.decode(afterSync).encode()), "clients by descending id, as Yjs writes them");
        assertEquals(hex(vectors.get("A state vector (v1)")), hex(vectors.get("sv from update (encodeStateVectorFromUpdate)")));
    }

    @Test
    void yWebsocketSyncFramesAreByteIdentical() throws Exception {
        Map<String, byte[]> vectors = ReferenceVectors.interop();
        assertEquals(hex(vectors.get("ws msg: SyncStep1(B empty)")),
                hex(new YMessage.Sync(new SyncMessage.Step1(vectors.get("B state vector (v1, empty)"))).encode()));
        assertEquals(hex(vectors.get("ws msg: SyncStep1(A)")),
                hex(new YMessage.Sync(new SyncMessage.Step1(vectors.get("A state vector after sync"))).encode()));
        assertEquals(hex(vectors.get("ws msg: Update(A #2)")),
                hex(new YMessage.Sync(new SyncMessage.Update(vectors.get("A incremental update #2 (v1)"))).encode()));

        byte[] step2 = vectors.get("ws msg: SyncStep2 reply (A -> C)");
        YMessage decoded = YMessage.decode(step2);
        SyncMessage.Step2 reply = assertInstanceOf(SyncMessage.Step2.class, assertInstanceOf(YMessage.Sync.class, decoded).message());
        assertEquals(95, reply.update().length);
        assertEquals(hex(step2), hex(decoded.encode()));
        assertInstanceOf(SyncMessage.Step1.class, ((YMessage.Sync) YMessage.decode(vectors.get("ws msg: SyncStep1(A)"))).message());
    }

    @Test
    void awarenessBodiesAndFramesAreByteIdentical() throws Exception {
        Map<String, byte[]> vectors = ReferenceVectors.interop();
        byte[] body = vectors.get("awareness update body");
        AwarenessUpdate update = AwarenessUpdate.decode(body);
        assertEquals(List.of(new AwarenessUpdate.Entry(1, 1, "{\"user\":{\"name\":\"u1\"},\"cursor\":3}")), update.entries());
        assertEquals(hex(body), hex(update.encode()));
        assertEquals(hex(vectors.get("ws msg: Awareness")), hex(new YMessage.Awareness(body).encode()));
        assertTrue(ReferenceVectors.lines("interop-output.txt").contains("awareness outdatedTimeout ms: " + Awareness.OUTDATED_TIMEOUT_MS));
    }

    @Test
    void aClientIdOf53BitsIsReadFromARealUpdate() throws Exception {
        byte[] update = ReferenceVectors.interop().get("update from clientID 2^53-1");
        Lib0Decoder in = new Lib0Decoder(update);
        assertEquals(1, in.readVarUint(), "one client's structs");
        assertEquals(1, in.readVarUint(), "one struct");
        assertEquals((1L << 53) - 1, in.readVarUint(), "the client id, 2^53-1");
    }

    @Test
    void theFirstFramesOfARealYWebsocketClientDecodeAndEncodeBack() throws Exception {
        List<byte[]> frames = ReferenceVectors.yWebsocketFrames();
        assertEquals(6, frames.size());
        for (byte[] frame : frames) {
            assertEquals(hex(frame), hex(YMessage.decode(frame).encode()));
        }
        YMessage.Awareness awareness = assertInstanceOf(YMessage.Awareness.class, YMessage.decode(frames.get(1)));
        assertEquals(new AwarenessUpdate.Entry(201, 0, "{}"), AwarenessUpdate.decode(awareness.update()).entries().get(0));
        SyncMessage.Step2 step2 = assertInstanceOf(SyncMessage.Step2.class, ((YMessage.Sync) YMessage.decode(frames.get(2))).message());
        assertArrayEquals(new byte[] {0, 0}, step2.update(), "the empty update");
    }

    @Test
    void everyHocuspocusFrameDecodesToWhatItMeansAndEncodesBack() throws Exception {
        List<Map.Entry<String, byte[]>> frames = ReferenceVectors.hocuspocusFrames();
        assertEquals(11, frames.size());
        for (var frame : frames) {
            HocuspocusMessage message = HocuspocusMessage.decode(frame.getValue());
            assertEquals("prompt-1", message.documentName());
            assertEquals(hex(frame.getValue()), hex(message.encode()), frame.getKey() + " " + message);
        }
        assertEquals(new HocuspocusMessage.Token("secret-token", "4.8.0"), HocuspocusMessage.decode(frames.get(0).getValue()).body());
        assertEquals(new HocuspocusMessage.Authenticated("read-write"), HocuspocusMessage.decode(frames.get(3).getValue()).body());
        assertEquals(new HocuspocusMessage.SyncStatus(true), HocuspocusMessage.decode(frames.get(8).getValue()).body());
        HocuspocusMessage update = HocuspocusMessage.decode(frames.get(7).getValue());
        assertInstanceOf(SyncMessage.Update.class, ((HocuspocusMessage.Sync) update.body()).message());
        HocuspocusMessage awareness = HocuspocusMessage.decode(frames.get(2).getValue());
        assertEquals(new AwarenessUpdate.Entry(101, 0, "{}"),
                AwarenessUpdate.decode(((HocuspocusMessage.Awareness) awareness.body()).update()).entries().get(0));
    }

    @Test
    void permissionDeniedAndStatelessFramesHaveTheHocuspocusLayout() throws Exception {
        byte[] denied = new HocuspocusMessage("prompt-1", new HocuspocusMessage.PermissionDenied("permission-denied")).encode();
        assertEquals("0870726f6d70742d310201117065726d697373696f6e2d64656e696564", hex(denied));
        assertEquals(new HocuspocusMessage.Stateless("echo:ping"),
                HocuspocusMessage.decode(new HocuspocusMessage("d", new HocuspocusMessage.Stateless("echo:ping")).encode()).body());
        assertEquals("02000170", hex(new YMessage.PermissionDenied("p").encode()),
                "y-protocols' auth message: type 2, permission denied 0, the reason");
    }

    @Test
    void closeSyncReplyAndKeepAlivesFollowHocuspocusFourLayout() throws Exception {
        // Hocuspocus 4: the server's close carries only a reason; the provider's close has no body at all.
        assertEquals("0164070462796521", hex(new HocuspocusMessage("d", new HocuspocusMessage.Close("bye!")).encode()));
        assertEquals("016407", hex(new HocuspocusMessage("d", new HocuspocusMessage.Close("")).encode()));
        assertEquals(new HocuspocusMessage.Close(""), HocuspocusMessage.decode(new byte[] {1, 'd', 7}).body());
        HocuspocusMessage reply = HocuspocusMessage.decode(new byte[] {1, 'd', 4, 1, 2, 0, 0});
        assertEquals(true, ((HocuspocusMessage.Sync) reply.body()).reply(), "type 4 is SyncReply");
        assertInstanceOf(SyncMessage.Step2.class, ((HocuspocusMessage.Sync) reply.body()).message());
        assertEquals("01640401020000", hex(reply.encode()));
        assertEquals(true, HocuspocusMessage.isKeepAlive(new byte[] {HocuspocusMessage.PONG}));
        assertEquals(false, HocuspocusMessage.isKeepAlive(new byte[] {1, 'd', 7}));
    }
}
