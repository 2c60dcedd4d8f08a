package io.promptstudio.runs;

/**
 * A request's use of the cache.
 *
 * @param domain         the cache domain whose threshold and time-to-live apply (null: the default domain)
 * @param anyTemperature use the cache even when the profile's temperature is not 0
 * @param exactOnly      answer only from a stored identical input, never from a similar one
 */
public record CacheUse(String domain, boolean anyTemperature, boolean exactOnly) {

    public CacheUse(String domain, boolean anyTemperature) {
        this(domain, anyTemperature, false);
    }

    /** The default domain, at temperature 0 only. */
    public static CacheUse standard() {
        return new CacheUse(null, false);
    }

    /**
     * Identical inputs only, at temperature 0: what an eval uses, where a similar row's answer given for another row
     * would be scored as this row's.
     */
    public static CacheUse exact() {
        return new CacheUse(null, false, true);
    }
}
