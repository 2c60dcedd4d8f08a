package io.promptstudio.sync.protocol;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Yjs state vector in its v1 encoding: the number of clients, then each client's id and clock, as var uints;
 * Yjs writes the clients by descending id. What a sync step 1 carries.
 */
public record StateVector(Map<Long, Long> clocks) {

    public StateVector {
        clocks = Map.copyOf(clocks);
    }

    public byte[] encode() {
        Lib0Encoder out = new Lib0Encoder().writeVarUint(clocks.size());
        clocks.entrySet().stream().sorted(Map.Entry.<Long, Long>comparingByKey(Comparator.reverseOrder()))
                .forEach(entry -> out.writeVarUint(entry.getKey()).writeVarUint(entry.getValue()));
        return out.toByteArray();
    }

    public static StateVector decode(byte[] bytes) throws ProtocolException {
        Lib0Decoder in = new Lib0Decoder(bytes);
        int count = in.readLength("client count");
        Map<Long, Long> clocks = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int at = in.position();
            long client = in.readVarUint();
            if (clocks.put(client, in.readVarUint()) != null) {
                throw new ProtocolException(at, "client " + client + " appears twice");
            }
        }
        if (in.hasRemaining()) {
            throw new ProtocolException(in.position(), "bytes after the state vector");
        }
        return new StateVector(clocks);
    }
}
