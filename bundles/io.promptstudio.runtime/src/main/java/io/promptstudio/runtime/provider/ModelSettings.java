package io.promptstudio.runtime.provider;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings of one model call, from a profile: which provider and model, the sampling parameters that make
 * a run reproducible, and the limits. Unset values are null and are not sent.
 */
public record ModelSettings(String profile, String provider, String model, String endpoint, BigDecimal temperature, BigDecimal topP,
        Long seed, Integer maxTokens, List<String> stop, Duration timeout, int retries) {

    /** From a profile's effective settings (the checker has validated kinds and ranges). */
    public static ModelSettings of(String profile, Map<String, Object> settings) {
        Object stop = settings.get("stop");
        List<String> stops = new ArrayList<>();
        if (stop instanceof List<?> list) {
            list.forEach(item -> stops.add(String.valueOf(item)));
        }
        BigDecimal timeout = decimal(settings.get("timeout"));
        return new ModelSettings(profile, text(settings.get("provider")), text(settings.get("model")), text(settings.get("endpoint")),
                decimal(settings.get("temperature")), decimal(settings.get("top_p")),
                settings.get("seed") == null ? null : decimal(settings.get("seed")).longValueExact(),
                settings.get("max_tokens") == null ? null : decimal(settings.get("max_tokens")).intValueExact(), List.copyOf(stops),
                timeout == null ? Duration.ofSeconds(60) : Duration.ofMillis(timeout.movePointRight(3).longValue()),
                settings.get("retries") == null ? 2 : decimal(settings.get("retries")).intValue());
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static BigDecimal decimal(Object value) {
        return value == null ? null : new BigDecimal(String.valueOf(value));
    }
}
