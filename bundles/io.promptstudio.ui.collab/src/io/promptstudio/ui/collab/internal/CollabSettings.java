package io.promptstudio.ui.collab.internal;

import io.promptstudio.ui.KeyStore;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.osgi.util.NLS;
import org.osgi.service.prefs.BackingStoreException;

/**
 * Where to co-edit: the sync server's URL, the server workspace shared projects go to, the name and colour others
 * see; the access token lives in secure storage ({@code PROMPTSTUDIO_SYNC_TOKEN}, or that environment variable).
 */
public final class CollabSettings {

    static final String NODE = "io.promptstudio.ui.collab";
    public static final String TOKEN_VARIABLE = "PROMPTSTUDIO_SYNC_TOKEN";
    static final String SERVER = "server";
    static final String WORKSPACE = "workspace";
    static final String USER = "user";
    static final String COLOR = "color";
    static final String TENANT = "loginTenant";
    static final String LOGIN_USER = "loginUser";
    public static final String DEFAULT_SERVER = "ws://127.0.0.1:8787/hocuspocus";

    private CollabSettings() {
    }

    private static IEclipsePreferences node() {
        return InstanceScope.INSTANCE.getNode(NODE);
    }

    public static String server() {
        return get(SERVER, System.getenv().getOrDefault("PROMPTSTUDIO_SYNC_SERVER", DEFAULT_SERVER));
    }

    public static String workspace() {
        return get(WORKSPACE, "default");
    }

    public static String user() {
        return get(USER, System.getProperty("user.name", "me"));
    }

    public static String color() {
        return get(COLOR, "#d9480f");
    }

    /** The tenant of the last password login, for the next one. */
    public static String tenant() {
        return get(TENANT, "");
    }

    /** The user name of the last password login. */
    public static String loginUser() {
        return get(LOGIN_USER, "");
    }

    /** After a password login: its tenant and user name (preferences), and the token (secure storage). */
    public static void saveLogin(String tenant, String user, String token) {
        put(TENANT, tenant);
        put(LOGIN_USER, user);
        KeyStore.store(TOKEN_VARIABLE, token);
        try {
            node().flush();
        } catch (BackingStoreException e) {
            throw new IllegalStateException(NLS.bind(Messages.CollabSettings_saveFailed, e.getMessage()), e);
        }
    }

    public static String token() {
        String token = KeyStore.lookup(TOKEN_VARIABLE);
        return token == null ? "" : token;
    }

    public static void save(String server, String workspace, String user, String color, String token) {
        put(SERVER, server);
        put(WORKSPACE, workspace);
        put(USER, user);
        put(COLOR, color);
        if (token != null) {
            KeyStore.store(TOKEN_VARIABLE, token);
        }
        try {
            node().flush();
        } catch (BackingStoreException e) {
            throw new IllegalStateException(NLS.bind(Messages.CollabSettings_saveFailed, e.getMessage()), e);
        }
    }

    private static String get(String key, String fallback) {
        String value = node().get(key, "");
        return value.isBlank() ? fallback : value.strip();
    }

    private static void put(String key, String value) {
        if (value == null || value.isBlank()) {
            node().remove(key);
        } else {
            node().put(key, value.strip());
        }
    }
}
