package io.promptstudio.sync.protocol;

/**
 * A frame of the Hocuspocus protocol: the document's name (so that one connection carries many documents), a
 * var-uint type, then the body. Sync and awareness bodies are y-protocols'; Hocuspocus adds authentication
 * (token, permission denied, authenticated with a scope), stateless messages, close and the sync-status
 * acknowledgement a server sends once it has stored an update.
 */
public record HocuspocusMessage(String documentName, Body body) {

    public static final int SYNC = 0;
    public static final int AWARENESS = 1;
    public static final int AUTH = 2;
    public static final int QUERY_AWARENESS = 3;
    /** A sync message answering one: the receiver must not send its own step 1 back. */
    public static final int SYNC_REPLY = 4;
    public static final int STATELESS = 5;
    public static final int BROADCAST_STATELESS = 6;
    public static final int CLOSE = 7;
    public static final int SYNC_STATUS = 8;
    /** Connection-level keep-alives: a frame of this one byte, without a document name. */
    public static final int PING = 9;
    public static final int PONG = 10;

    static final int AUTH_TOKEN = 0;
    static final int AUTH_PERMISSION_DENIED = 1;
    static final int AUTH_AUTHENTICATED = 2;

    /** The part after the document name. */
    public sealed interface Body {
    }

    /** {@code reply} marks Hocuspocus's SyncReply type: the same body, sent in answer to a step 1. */
    public record Sync(SyncMessage message, boolean reply) implements Body {
        public Sync(SyncMessage message) {
            this(message, false);
        }
    }

    public record Awareness(byte[] update) implements Body {
    }

    public record QueryAwareness() implements Body {
    }

    /** The client's token; newer providers add their version. */
    public record Token(String token, String providerVersion) implements Body {
    }

    public record PermissionDenied(String reason) implements Body {
    }

    /** {@code scope} is "read-write" or "readonly". */
    public record Authenticated(String scope) implements Body {
    }

    public record Stateless(String payload) implements Body {
    }

    public record BroadcastStateless(String payload) implements Body {
    }

    /** The server asks the provider to close (with a reason); a provider sends it with an empty reason, which is not written. */
    public record Close(String reason) implements Body {
    }

    /** Sent by the server once an update from this connection is stored: {@code synced} true. */
    public record SyncStatus(boolean synced) implements Body {
    }

    public byte[] encode() {
        Lib0Encoder out = new Lib0Encoder().writeVarString(documentName);
        switch (body) {
            case Sync sync -> {
                out.writeVarUint(sync.reply() ? SYNC_REPLY : SYNC);
                sync.message().write(out);
            }
            case Awareness awareness -> out.writeVarUint(AWARENESS).writeVarUint8Array(awareness.update());
            case QueryAwareness query -> out.writeVarUint(QUERY_AWARENESS);
            case Token token -> {
                out.writeVarUint(AUTH).writeVarUint(AUTH_TOKEN).writeVarString(token.token());
                if (token.providerVersion() != null) {
                    out.writeVarString(token.providerVersion());
                }
            }
            case PermissionDenied denied -> out.writeVarUint(AUTH).writeVarUint(AUTH_PERMISSION_DENIED).writeVarString(denied.reason());
            case Authenticated authenticated -> out.writeVarUint(AUTH).writeVarUint(AUTH_AUTHENTICATED).writeVarString(authenticated.scope());
            case Stateless stateless -> out.writeVarUint(STATELESS).writeVarString(stateless.payload());
            case BroadcastStateless broadcast -> out.writeVarUint(BROADCAST_STATELESS).writeVarString(broadcast.payload());
            case Close close -> {
                out.writeVarUint(CLOSE);
                if (!close.reason().isEmpty()) {
                    out.writeVarString(close.reason());
                }
            }
            case SyncStatus status -> out.writeVarUint(SYNC_STATUS).writeVarUint(status.synced() ? 1 : 0);
        }
        return out.toByteArray();
    }

    /** Whether a frame is a connection-level ping or pong (one byte, no document name), which {@link #decode} does not take. */
    public static boolean isKeepAlive(byte[] frame) {
        return frame.length == 1 && (frame[0] == PING || frame[0] == PONG);
    }

    public static HocuspocusMessage decode(byte[] frame) throws ProtocolException {
        if (frame.length > YMessage.DEFAULT_MAX_FRAME) {
            throw new ProtocolException(0, "frame of " + frame.length + " bytes is larger than " + YMessage.DEFAULT_MAX_FRAME);
        }
        Lib0Decoder in = new Lib0Decoder(frame);
        String name = in.readVarString();
        int typeAt = in.position();
        long type = in.readVarUint();
        Body body = switch ((int) Math.min(type, Integer.MAX_VALUE)) {
            case SYNC -> new Sync(SyncMessage.read(in), false);
            case SYNC_REPLY -> new Sync(SyncMessage.read(in), true);
            case AWARENESS -> new Awareness(in.readVarUint8Array());
            case QUERY_AWARENESS -> new QueryAwareness();
            case AUTH -> {
                int kindAt = in.position();
                long kind = in.readVarUint();
                yield switch ((int) Math.min(kind, Integer.MAX_VALUE)) {
                    case AUTH_TOKEN -> new Token(in.readVarString(), in.hasRemaining() ? in.readVarString() : null);
                    case AUTH_PERMISSION_DENIED -> new PermissionDenied(in.readVarString());
                    case AUTH_AUTHENTICATED -> new Authenticated(in.readVarString());
                    default -> throw new ProtocolException(kindAt, "unknown authentication message type " + kind);
                };
            }
            case STATELESS -> new Stateless(in.readVarString());
            case BROADCAST_STATELESS -> new BroadcastStateless(in.readVarString());
            case CLOSE -> new Close(in.hasRemaining() ? in.readVarString() : "");
            case SYNC_STATUS -> new SyncStatus(in.readVarUint() != 0);
            default -> throw new ProtocolException(typeAt, "unknown Hocuspocus message type " + type);
        };
        if (in.hasRemaining()) {
            throw new ProtocolException(in.position(), in.remaining() + " bytes after the message");
        }
        return new HocuspocusMessage(name, body);
    }
}
