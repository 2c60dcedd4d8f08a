package io.promptstudio.sync.protocol;

/**
 * A y-protocols sync message: step 1 carries a state vector (what the sender has), step 2 the update the receiver
 * lacks, and an update is a change as it happens. The payloads are Yjs update and state-vector bytes, passed on
 * as they are.
 */
public sealed interface SyncMessage {

    int STEP1 = 0;
    int STEP2 = 1;
    int UPDATE = 2;

    record Step1(byte[] stateVector) implements SyncMessage {
    }

    record Step2(byte[] update) implements SyncMessage {
    }

    record Update(byte[] update) implements SyncMessage {
    }

    default void write(Lib0Encoder out) {
        switch (this) {
            case Step1 step1 -> out.writeVarUint(STEP1).writeVarUint8Array(step1.stateVector());
            case Step2 step2 -> out.writeVarUint(STEP2).writeVarUint8Array(step2.update());
            case Update update -> out.writeVarUint(UPDATE).writeVarUint8Array(update.update());
        }
    }

    static SyncMessage read(Lib0Decoder in) throws ProtocolException {
        int start = in.position();
        long type = in.readVarUint();
        return switch ((int) Math.min(type, Integer.MAX_VALUE)) {
            case STEP1 -> new Step1(in.readVarUint8Array());
            case STEP2 -> new Step2(in.readVarUint8Array());
            case UPDATE -> new Update(in.readVarUint8Array());
            default -> throw new ProtocolException(start, "unknown sync message type " + type);
        };
    }
}
