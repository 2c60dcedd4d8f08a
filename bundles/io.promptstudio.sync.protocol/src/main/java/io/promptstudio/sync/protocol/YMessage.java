package io.promptstudio.sync.protocol;

/**
 * A message of the y-websocket protocol (one WebSocket binary frame): a var-uint type, then its body — a sync
 * message, an awareness update, an auth message (permission denied, with the reason) or a query for awareness.
 */
public sealed interface YMessage {

    int SYNC = 0;
    int AWARENESS = 1;
    int AUTH = 2;
    int QUERY_AWARENESS = 3;

    /** The largest frame {@link #decode} reads by default. */
    int DEFAULT_MAX_FRAME = 16 * 1024 * 1024;

    record Sync(SyncMessage message) implements YMessage {
    }

    record Awareness(byte[] update) implements YMessage {
    }

    /** y-protocols' auth message: the only kind is "permission denied". */
    record PermissionDenied(String reason) implements YMessage {
    }

    record QueryAwareness() implements YMessage {
    }

    default byte[] encode() {
        Lib0Encoder out = new Lib0Encoder();
        switch (this) {
            case Sync sync -> {
                out.writeVarUint(SYNC);
                sync.message().write(out);
            }
            case Awareness awareness -> out.writeVarUint(AWARENESS).writeVarUint8Array(awareness.update());
            case PermissionDenied denied -> out.writeVarUint(AUTH).writeVarUint(0).writeVarString(denied.reason());
            case QueryAwareness query -> out.writeVarUint(QUERY_AWARENESS);
        }
        return out.toByteArray();
    }

    static YMessage decode(byte[] frame) throws ProtocolException {
        if (frame.length > DEFAULT_MAX_FRAME) {
            throw new ProtocolException(0, "frame of " + frame.length + " bytes is larger than " + DEFAULT_MAX_FRAME);
        }
        Lib0Decoder in = new Lib0Decoder(frame);
        YMessage message = read(in);
        if (in.hasRemaining()) {
            throw new ProtocolException(in.position(), in.remaining() + " bytes after the message");
        }
        return message;
    }

    /** Reads one message body after its type; shared with the Hocuspocus framing, which uses the same bodies. */
    static YMessage read(Lib0Decoder in) throws ProtocolException {
        int start = in.position();
        long type = in.readVarUint();
        return switch ((int) Math.min(type, Integer.MAX_VALUE)) {
            case SYNC -> new Sync(SyncMessage.read(in));
            case AWARENESS -> new Awareness(in.readVarUint8Array());
            case AUTH -> {
                int kindAt = in.position();
                long kind = in.readVarUint();
                if (kind != 0) {
                    throw new ProtocolException(kindAt, "unknown auth message type " + kind);
                }
                yield new PermissionDenied(in.readVarString());
            }
            case QUERY_AWARENESS -> new QueryAwareness();
            default -> throw new ProtocolException(start, "unknown message type " + type);
        };
    }
}
