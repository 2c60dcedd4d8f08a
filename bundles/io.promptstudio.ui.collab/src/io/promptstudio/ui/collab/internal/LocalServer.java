package io.promptstudio.ui.collab.internal;

import io.promptstudio.sync.Profile;
import io.promptstudio.sync.ServerConfig;
import io.promptstudio.sync.embedded.LocalSyncServer;
import io.promptstudio.ui.KeyStore;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.core.runtime.Platform;

/**
 * "Start Local Sync Server": the sync server — the same code and storage as the standalone one — running inside
 * this workbench for a small team on one network. Its data lives in the workspace metadata, its signing secret
 * in secure storage; this user co-edits through it with an owner token, and teammates get editor tokens.
 */
public final class LocalServer {

    static final String SECRET_VARIABLE = "PROMPTSTUDIO_LOCAL_SERVER_SECRET";
    public static final int DEFAULT_PORT = 8787;
    private LocalSyncServer running;
    private int port;

    /** Made once, by {@link CollabServiceFactory}, for the workbench's handlers. */
    public LocalServer() {
    }

    public synchronized boolean isRunning() {
        return running != null;
    }

    /**
     * Starts the server on all interfaces, points the co-editing settings at it with a token for this user, and
     * returns the port.
     *
     * @param onPort the port, 0 for any free one
     */
    public synchronized int start(int onPort) throws IOException, InterruptedException {
        if (running != null) {
            return port;
        }
        Path data = Platform.getStateLocation(Platform.getBundle("io.promptstudio.ui")).toPath().resolve("sync-server");
        Files.createDirectories(data);
        running = LocalSyncServer.start(new ServerConfig(Profile.STAGING, "0.0.0.0", onPort, data, secret(), List.of(),
                Duration.ofSeconds(5)));
        port = running.port();
        CollabSettings.save("ws://127.0.0.1:" + port + "/hocuspocus", CollabSettings.workspace(), CollabSettings.user(),
                CollabSettings.color(), token(CollabSettings.user(), "owner", Duration.ofDays(30)));
        return port;
    }

    public synchronized void stop() {
        if (running != null) {
            running.stop();
            running = null;
        }
    }

    /** The URL teammates on this network connect to. */
    public synchronized String teammateUrl() throws IOException {
        return "ws://" + InetAddress.getLocalHost().getHostName() + ":" + port + "/hocuspocus";
    }

    /** An editor token for a teammate, valid for a week. */
    public String teammateToken(String teammate) {
        return token(teammate, "editor", Duration.ofDays(7));
    }

    /** An HS256 token the local server accepts: the teammate's name, the local tenant, the role. */
    static String token(String user, String role, Duration valid) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String claims = "{\"sub\":" + quote(user) + ",\"tenant\":\"local\",\"role\":\"" + role + "\",\"exp\":"
                + (System.currentTimeMillis() / 1000 + valid.toSeconds()) + "}";
        String body = url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return body + "." + url.encodeToString(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available: " + e.getMessage(), e);
        }
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The server's signing secret: made once, then kept encrypted in secure storage. */
    private static synchronized String secret() {
        String secret = KeyStore.stored(SECRET_VARIABLE);
        if (secret == null) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            secret = HexFormat.of().formatHex(random);
            KeyStore.store(SECRET_VARIABLE, secret);
        }
        return secret;
    }
}
