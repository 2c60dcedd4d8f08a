package io.promptstudio.search.cache;

/**
 * Whether a run may be answered from the cache: only when its answers are meant to be repeatable — temperature 0
 * — unless the user asks for caching at any temperature. An unset temperature is the provider's default, which is
 * not 0 for any provider we support.
 */
public final class CachePolicy {

    private CachePolicy() {
    }

    /** Null when the cache may be used, otherwise why not (for the run's cache status). */
    public static String refusal(Double temperature, boolean anyTemperature) {
        if (anyTemperature) {
            return null;
        }
        if (temperature == null) {
            return "the profile sets no temperature (the provider's default is not 0)";
        }
        if (temperature != 0) {
            return "the profile's temperature is " + temperature + ", not 0";
        }
        return null;
    }
}
