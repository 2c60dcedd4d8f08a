package io.promptstudio.dsl.render;

import io.promptstudio.dsl.promptStudio.Profile;
import io.promptstudio.dsl.promptStudio.Setting;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A profile's effective settings: its own over those of the profiles it extends, as plain values ({@link TypedValues}). */
public final class Profiles {

    private Profiles() {
    }

    public static Map<String, Object> settings(Profile profile) {
        List<Profile> chain = new ArrayList<>();
        Set<Profile> seen = new HashSet<>();
        for (Profile current = profile; current != null && !current.eIsProxy() && seen.add(current); current = current.getParent()) {
            chain.add(0, current);
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        for (Profile each : chain) {
            for (Setting setting : each.getSettings()) {
                settings.put(setting.getKey(), TypedValues.of(setting.getValue()));
            }
        }
        return settings;
    }
}
