package io.promptstudio.runs;

/**
 * A request's use of the cache.
 *
 * @param domain         the cache domain whose threshold and time-to-live apply (null: the default domain)
 * @param anyTemperature use the cache even when the profile's temperature is not 0
 */
public record CacheUse(String domain, boolean anyTemperature) {

    /** The default domain, at temperature 0 only. */
    public static CacheUse standard() {
        return new CacheUse(null, false);
    }
}
