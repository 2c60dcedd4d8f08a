package io.promptstudio.sync.rooms;

import io.promptstudio.sync.ConnectionCounter;
import io.promptstudio.sync.Limits;
import io.promptstudio.sync.ServerMetrics;
import io.promptstudio.sync.auth.TokenVerifier;

/** What every connection's protocol code shares. */
public record SyncContext(RoomRegistry rooms, TokenVerifier tokens, Limits limits, ServerMetrics metrics,
        ConnectionCounter tenantConnections) {
}
