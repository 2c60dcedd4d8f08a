package io.promptstudio.sync.rooms;

/** One connection's view of one document, told what the other members did. */
interface RoomMember {

    /** A committed update from another member. */
    void deliverUpdate(byte[] update);

    void deliverAwareness(byte[] awarenessUpdate);

    void deliverStateless(String payload);

    /** The document is gone from this server (deleted, or its storage failed): the member must stop using it. */
    void evicted(String reason);
}
