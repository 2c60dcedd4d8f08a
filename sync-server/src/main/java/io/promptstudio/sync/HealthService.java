package io.promptstudio.sync;

import io.promptstudio.core.PromptStudioVersion;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Liveness and readiness as data, independent of HTTP. Live: the process answers. Ready: it accepts
 * connections and its data folder is usable; a load balancer sends traffic only when ready.
 */
public final class HealthService {

    private final ServerConfig config;
    private final Instant started = Instant.now();
    private volatile boolean accepting;

    public HealthService(ServerConfig config) {
        this.config = config;
    }

    /** Set by the network layer once it listens, and cleared when it stops. */
    public void setAccepting(boolean accepting) {
        this.accepting = accepting;
    }

    public Map<String, Object> health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "UP");
        body.put("version", PromptStudioVersion.version());
        body.put("profile", config.profile().id());
        body.put("uptimeSeconds", uptime().toMillis() / 1000.0);
        return body;
    }

    /** The readiness report; {@code status} is {@code READY} only when every check passes. */
    public Map<String, Object> readiness() {
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("accepting", accepting ? "ok" : "not yet listening");
        boolean dataOk = Files.isDirectory(config.dataDirectory()) && Files.isWritable(config.dataDirectory());
        checks.put("dataDirectory", dataOk ? "ok" : config.dataDirectory() + " is missing or not writable");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", accepting && dataOk ? "READY" : "NOT_READY");
        body.put("version", PromptStudioVersion.version());
        body.put("uptimeSeconds", uptime().toMillis() / 1000.0);
        body.put("checks", checks);
        return body;
    }

    public boolean isReady() {
        return "READY".equals(readiness().get("status"));
    }

    private Duration uptime() {
        return Duration.between(started, Instant.now());
    }
}
