package io.promptstudio.ui;

import io.promptstudio.ui.internal.Messages;
import java.io.IOException;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.StorageException;
import org.eclipse.osgi.util.NLS;

/**
 * API keys in Eclipse secure storage (encrypted; never a plain preference or file), by the environment variable
 * that would otherwise carry them ({@code OPENAI_API_KEY}, …). A key not stored here comes from the environment.
 */
public final class KeyStore {

    private static final String NODE = "/io.promptstudio/provider-keys";

    private KeyStore() {
    }

    /** The key for a variable: the stored one, else the environment's, else null. */
    public static String lookup(String variable) {
        String stored = stored(variable);
        return stored != null ? stored : System.getenv(variable);
    }

    /** The stored key, or null. */
    public static String stored(String variable) {
        try {
            String value = node().get(variable, null);
            return value == null || value.isBlank() ? null : value;
        } catch (StorageException e) {
            throw new IllegalStateException(NLS.bind(Messages.KeyStore_readFailed, variable, e.getMessage()), e);
        }
    }

    /** Stores (encrypted) or, for a blank key, removes the key. */
    public static void store(String variable, String key) {
        ISecurePreferences node = node();
        try {
            if (key == null || key.isBlank()) {
                node.remove(variable);
            } else {
                node.put(variable, key.strip(), true);
            }
            node.flush();
        } catch (StorageException | IOException e) {
            throw new IllegalStateException(NLS.bind(Messages.KeyStore_saveFailed, variable, e.getMessage()), e);
        }
    }

    private static ISecurePreferences node() {
        return SecurePreferencesFactory.getDefault().node(NODE);
    }
}
