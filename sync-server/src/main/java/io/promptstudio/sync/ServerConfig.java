package io.promptstudio.sync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The server's settings after defaults, the optional file and the environment were merged and checked.
 *
 * @param profile        deployment profile
 * @param bindAddress    the address to listen on
 * @param port           the TCP port; 0 picks a free one
 * @param dataDirectory  where documents and the database live
 * @param jwtSecret      the HS256 signing secret for access tokens
 * @param allowedOrigins origins allowed for WebSocket and CORS, e.g. {@code https://studio.example.com}
 * @param shutdownGrace  how long open requests get to finish on SIGTERM
 */
public record ServerConfig(Profile profile, String bindAddress, int port, Path dataDirectory, String jwtSecret,
        List<String> allowedOrigins, Duration shutdownGrace) {

    @Override
    public String toString() {
        // Never print the secret: configurations end up in logs.
        return "ServerConfig[profile=" + profile.id() + ", bind=" + bindAddress + ", port=" + port + ", dataDirectory="
                + dataDirectory + ", allowedOrigins=" + allowedOrigins + ", shutdownGrace=" + shutdownGrace + "]";
    }
}
