package io.promptstudio.sync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The server's settings after defaults, the optional file and the environment were merged and checked.
 *
 * @param profile          deployment profile
 * @param bindAddress      the address to listen on
 * @param port             the TCP port; 0 picks a free one
 * @param dataDirectory    where the database lives
 * @param jwtSecret        the HS256 secret for access tokens, or null when only RS256 is accepted
 * @param allowedOrigins   origins allowed for WebSocket and CORS, e.g. {@code https://studio.example.com}; empty
 *                         allows any (dev only)
 * @param shutdownGrace    how long open requests get to finish on SIGTERM
 * @param jwtPublicKeyFile a PEM RSA public key for RS256 tokens, or null
 * @param jwtIssuer        the required {@code iss}, or null
 * @param jwtAudience      the audience {@code aud} must include, or null
 * @param limits           per-tenant and per-connection bounds
 * @param unloadAfter      how long a document nobody has open stays in memory
 * @param fsync            whether appended updates are forced to the disk before they are acknowledged
 * @param ioThreads        network threads; 0 for half the cores, at least one
 * @param auditRetention   how long audit entries are kept; zero keeps them for good
 * @param adminToken       the server administrator's credential (whole-server operations such as backups), which no
 *                         tenant role grants; null when none is configured and those operations are refused
 * @param backupDirectory  the folder backups are written into; a backup names a folder inside it
 */
public record ServerConfig(Profile profile, String bindAddress, int port, Path dataDirectory, String jwtSecret,
        List<String> allowedOrigins, Duration shutdownGrace, Path jwtPublicKeyFile, String jwtIssuer, String jwtAudience,
        Limits limits, Duration unloadAfter, boolean fsync, int ioThreads, Duration auditRetention, String adminToken,
        Path backupDirectory) {

    public ServerConfig(Profile profile, String bindAddress, int port, Path dataDirectory, String jwtSecret,
            List<String> allowedOrigins, Duration shutdownGrace) {
        this(profile, bindAddress, port, dataDirectory, jwtSecret, allowedOrigins, shutdownGrace, null, null, null,
                Limits.defaults(), Duration.ofSeconds(30), false, 0, Duration.ZERO, null, defaultBackupDirectory(dataDirectory));
    }

    /** Beside the data folder: {@code <data-dir>-backups}. */
    public static Path defaultBackupDirectory(Path dataDirectory) {
        Path absolute = dataDirectory.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + "-backups");
    }

    public ServerConfig withLimits(Limits newLimits) {
        return new ServerConfig(profile, bindAddress, port, dataDirectory, jwtSecret, allowedOrigins, shutdownGrace,
                jwtPublicKeyFile, jwtIssuer, jwtAudience, newLimits, unloadAfter, fsync, ioThreads, auditRetention, adminToken, backupDirectory);
    }

    public ServerConfig withUnloadAfter(Duration after) {
        return new ServerConfig(profile, bindAddress, port, dataDirectory, jwtSecret, allowedOrigins, shutdownGrace,
                jwtPublicKeyFile, jwtIssuer, jwtAudience, limits, after, fsync, ioThreads, auditRetention, adminToken, backupDirectory);
    }

    public ServerConfig withJwt(Path publicKeyFile, String issuer, String audience) {
        return new ServerConfig(profile, bindAddress, port, dataDirectory, jwtSecret, allowedOrigins, shutdownGrace,
                publicKeyFile, issuer, audience, limits, unloadAfter, fsync, ioThreads, auditRetention, adminToken, backupDirectory);
    }

    public ServerConfig withAuditRetention(Duration retention) {
        return new ServerConfig(profile, bindAddress, port, dataDirectory, jwtSecret, allowedOrigins, shutdownGrace,
                jwtPublicKeyFile, jwtIssuer, jwtAudience, limits, unloadAfter, fsync, ioThreads, retention, adminToken, backupDirectory);
    }

    /** With the administrator's credential and the backup folder. */
    public ServerConfig withAdministration(String token, Path backups) {
        return new ServerConfig(profile, bindAddress, port, dataDirectory, jwtSecret, allowedOrigins, shutdownGrace,
                jwtPublicKeyFile, jwtIssuer, jwtAudience, limits, unloadAfter, fsync, ioThreads, auditRetention, token, backups);
    }

    @Override
    public String toString() {
        // Never print the secret: configurations end up in logs.
        return "ServerConfig[profile=" + profile.id() + ", bind=" + bindAddress + ", port=" + port + ", dataDirectory="
                + dataDirectory + ", allowedOrigins=" + allowedOrigins + ", shutdownGrace=" + shutdownGrace
                + ", jwtPublicKeyFile=" + jwtPublicKeyFile + ", jwtIssuer=" + jwtIssuer + ", jwtAudience=" + jwtAudience
                + ", limits=" + limits + ", unloadAfter=" + unloadAfter + ", fsync=" + fsync + ", ioThreads=" + ioThreads
                + ", auditRetention=" + auditRetention + ", adminToken=" + (adminToken == null ? "none" : "set")
                + ", backupDirectory=" + backupDirectory + "]";
    }
}
