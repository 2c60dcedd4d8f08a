package io.promptstudio.sync.rooms;

/** One connection's view of one document, told what the other members did. */
interface RoomMember {

    /**
     * A committed update from another member; {@code frames} is shared by all members of one broadcast, so
     * that members speaking the same framing for the same name reuse one encoded frame.
     */
    void deliverUpdate(byte[] update, java.util.Map<String, byte[]> frames);

    void deliverAwareness(byte[] awarenessUpdate);

    void deliverStateless(String payload);

    /** The document is gone from this server (deleted, or its storage failed): the member must stop using it. */
    void evicted(String reason);
}
