package io.promptstudio.ui;

import io.promptstudio.ui.internal.Messages;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.osgi.util.NLS;
import org.osgi.service.prefs.BackingStoreException;

/**
 * The workbench's settings that are not secret: an endpoint per provider (over the profiles' own), the default
 * profile, and where the price table and the run history live (by default where the CLI keeps them, so both see
 * the same runs). Keys are never here: {@link KeyStore}.
 */
public final class WorkbenchSettings {

    public static final String NODE = "io.promptstudio.ui";
    public static final List<String> PROVIDERS = List.of("openai", "openai-compatible", "anthropic", "gemini", "mistral", "azure-openai", "ollama");

    static final String ENDPOINT = "endpoint.";
    static final String DEFAULT_PROFILE = "defaultProfile";
    static final String PRICES = "pricesFile";
    static final String HISTORY = "historyFile";
    static final String CACHE = "cacheFile";
    static final String EVAL_STORE = "evalStoreFile";
    static final String CHAIN_STORE = "chainStoreFile";
    static final String OPTIMIZE_STORE = "optimizeStoreFile";

    private WorkbenchSettings() {
    }

    static IEclipsePreferences node() {
        return InstanceScope.INSTANCE.getNode(NODE);
    }

    /** The endpoint the user set for a provider, or null to use the profile's (or the provider's default). */
    public static String endpoint(String provider) {
        String value = node().get(ENDPOINT + provider, "");
        return value.isBlank() ? null : value.strip();
    }

    public static void setEndpoint(String provider, String endpoint) {
        put(ENDPOINT + provider, endpoint);
    }

    public static String defaultProfile() {
        String value = node().get(DEFAULT_PROFILE, "");
        return value.isBlank() ? null : value.strip();
    }

    public static void setDefaultProfile(String profile) {
        put(DEFAULT_PROFILE, profile);
    }

    /** {@code PROMPTSTUDIO_HOME}, or {@code ~/.promptstudio}: what the CLI uses too. */
    public static Path home() {
        String home = System.getenv("PROMPTSTUDIO_HOME");
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".promptstudio");
    }

    /** Where eval runs are kept: by default the CLI's eval store, so that the Evaluation view's history shows its runs too. */
    public static Path evalStoreFile() {
        String value = node().get(EVAL_STORE, "");
        return value.isBlank() ? home().resolve("evals") : Path.of(value.strip());
    }

    public static void setEvalStoreFile(String file) {
        put(EVAL_STORE, file);
    }

    /** Where chain runs and their stages are kept: by default the CLI's chain store, so that both see each other's runs. */
    public static Path chainStoreFile() {
        String value = node().get(CHAIN_STORE, "");
        return value.isBlank() ? home().resolve("chains") : Path.of(value.strip());
    }

    public static void setChainStoreFile(String file) {
        put(CHAIN_STORE, file);
    }

    /** Where optimization runs and refinement rounds are kept: by default the CLI's, so that both see each other's. */
    public static Path optimizeStoreFile() {
        String value = node().get(OPTIMIZE_STORE, "");
        return value.isBlank() ? home().resolve("optimize") : Path.of(value.strip());
    }

    public static void setOptimizeStoreFile(String file) {
        put(OPTIMIZE_STORE, file);
    }

    public static Path pricesFile() {
        String value = node().get(PRICES, "");
        return value.isBlank() ? home().resolve("prices.json") : Path.of(value.strip());
    }

    public static void setPricesFile(String file) {
        put(PRICES, file);
    }

    /** The semantic cache's database: the one {@code promptstudio run --cache} uses unless set. */
    public static Path cacheFile() {
        String value = node().get(CACHE, "");
        return value.isBlank() ? home().resolve("cache") : Path.of(value.strip());
    }

    public static void setCacheFile(String file) {
        put(CACHE, file);
    }

    public static Path historyFile() {
        String value = node().get(HISTORY, "");
        return value.isBlank() ? home().resolve("history") : Path.of(value.strip());
    }

    public static void setHistoryFile(String file) {
        put(HISTORY, file);
    }

    private static void put(String key, String value) {
        if (value == null || value.isBlank()) {
            node().remove(key);
        } else {
            node().put(key, value.strip());
        }
        try {
            node().flush();
        } catch (BackingStoreException e) {
            throw new IllegalStateException(NLS.bind(Messages.Settings_saveFailed, e.getMessage()), e);
        }
    }
}
