package io.promptstudio.sync.rooms;

import io.promptstudio.sync.protocol.SyncMessage;

/** How one protocol writes the server's messages about one document (y-websocket or Hocuspocus framing). */
interface Dialect {

    void sync(SyncMessage message);

    /** Sends an update broadcast, reusing the frame another member with the same framing encoded. */
    void update(byte[] update, java.util.Map<String, byte[]> frames);

    void awareness(byte[] update);

    void stateless(String payload);

    /** Hocuspocus's acknowledgement that an update was stored (true) or refused (false); y-websocket has none. */
    void syncStatus(boolean stored);

    /** Writes were refused for this document. */
    void permissionDenied(String reason);

    /** The document is no longer served on this connection. */
    void closeDocument(String reason);
}
