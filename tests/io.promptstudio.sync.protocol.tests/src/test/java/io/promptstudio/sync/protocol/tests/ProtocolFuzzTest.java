package io.promptstudio.sync.protocol.tests;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.promptstudio.sync.protocol.AwarenessUpdate;
import io.promptstudio.sync.protocol.HocuspocusMessage;
import io.promptstudio.sync.protocol.ProtocolException;
import io.promptstudio.sync.protocol.StateVector;
import io.promptstudio.sync.protocol.YMessage;

/**
 * Coverage-guided fuzzing of the decoders that read what any client sends: whatever the bytes, a decoder either
 * returns a message or throws {@link ProtocolException} (which the server answers with close 1002). Anything else
 * thrown is a finding. Without {@code JAZZER_FUZZ} each target runs on its committed inputs
 * ({@code src/test/resources/…/ProtocolFuzzTestInputs/<target>/}), crashes found earlier included.
 */
class ProtocolFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void yWebsocketFrames(byte[] frame) {
        try {
            YMessage.decode(frame);
        } catch (ProtocolException refused) {
            // malformed input, reported to the client
        }
    }

    @FuzzTest(maxDuration = "10s")
    void hocuspocusFrames(byte[] frame) {
        try {
            HocuspocusMessage.decode(frame);
        } catch (ProtocolException refused) {
            // malformed input, reported to the client
        }
    }

    @FuzzTest(maxDuration = "10s")
    void awarenessUpdates(byte[] body) {
        try {
            AwarenessUpdate.decode(body);
        } catch (ProtocolException refused) {
            // malformed input, reported to the client
        }
    }

    @FuzzTest(maxDuration = "10s")
    void stateVectors(byte[] bytes) {
        try {
            StateVector.decode(bytes);
        } catch (ProtocolException refused) {
            // malformed input, reported to the client
        }
    }
}
