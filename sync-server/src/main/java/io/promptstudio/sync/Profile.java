package io.promptstudio.sync;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Deployment profiles: how strict start-up is about secrets and storage. */
public enum Profile {
    /** Loopback only; a data folder and a throw-away signing secret are made up when missing. */
    DEV,
    /** Like prod, but a missing data folder is created. */
    STAGING,
    /** Every secret and the data folder must be given; nothing is made up. */
    PROD;

    public static Profile parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a profile (expected one of "
                    + Arrays.stream(values()).map(Profile::id).collect(Collectors.joining(", ")) + ")");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
