package io.promptstudio.sync.http;

import java.util.List;

/**
 * Which browser origins may open sync connections and read REST answers. Requests without an Origin header (the
 * workbench, Node clients, curl) are not browsers and are always let through to authentication.
 *
 * @param any whether every origin is allowed (the dev profile with no list configured)
 */
record OriginPolicy(boolean any, List<String> allowed) {

    boolean allows(String origin) {
        return origin == null || any || allowed.contains(origin);
    }
}
