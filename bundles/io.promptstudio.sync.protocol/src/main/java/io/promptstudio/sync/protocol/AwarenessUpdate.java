package io.promptstudio.sync.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of a y-protocols awareness message: for each client its clock and its state as JSON, {@code null}
 * (the JSON text) when the client left.
 */
public record AwarenessUpdate(List<Entry> entries) {

    /** One client's presence. {@code stateJson} is JSON text; "null" removes the client. */
    public record Entry(long clientId, long clock, String stateJson) {
        public boolean removed() {
            return "null".equals(stateJson);
        }
    }

    public AwarenessUpdate {
        entries = List.copyOf(entries);
    }

    public byte[] encode() {
        Lib0Encoder out = new Lib0Encoder();
        out.writeVarUint(entries.size());
        for (Entry entry : entries) {
            out.writeVarUint(entry.clientId()).writeVarUint(entry.clock()).writeVarString(entry.stateJson());
        }
        return out.toByteArray();
    }

    public static AwarenessUpdate decode(byte[] body) throws ProtocolException {
        Lib0Decoder in = new Lib0Decoder(body);
        // each entry takes at least three bytes, so the count is bounded by what is left
        int count = in.readLength("client count");
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(new Entry(in.readVarUint(), in.readVarUint(), in.readVarString()));
        }
        if (in.hasRemaining()) {
            throw new ProtocolException(in.position(), "bytes after the awareness update");
        }
        return new AwarenessUpdate(entries);
    }
}
