package io.promptstudio.sync.auth;

import java.util.Locale;

/** What a user may do in a workspace; each role includes the ones before it. */
public enum Role {
    /** Reads and receives updates; its writes are refused and never broadcast. */
    VIEWER,
    /** Edits documents and creates them. */
    EDITOR,
    /** Also manages members, deletes documents and restores versions. */
    OWNER;

    public boolean canWrite() {
        return this != VIEWER;
    }

    public boolean canManage() {
        return this == OWNER;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted roles */
    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.id().equals(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "' (expected owner, editor or viewer)");
    }
}
