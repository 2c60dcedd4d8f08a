package io.promptstudio.sync.launch;

import io.promptstudio.sync.ConfigException;
import io.promptstudio.sync.Profile;
import io.promptstudio.sync.ServerConfig;
import io.promptstudio.sync.ServerConfigLoader;
import io.promptstudio.sync.auth.Role;
import io.promptstudio.sync.auth.TokenIssuer;
import io.promptstudio.sync.http.SyncServer;
import io.promptstudio.sync.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar promptstudio-sync-server.jar}: reads the configuration from the environment, starts
 * the server, and stops it gracefully on SIGTERM or Ctrl-C. Exits 78 on unusable configuration.
 */
public final class SyncServerMain {

    /** sysexits.h EX_CONFIG: the configuration is wrong, so restarting will not help. */
    static final int EXIT_CONFIG = 78;
    static final int EXIT_FAILURE = 1;
    private static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    private SyncServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            printHelp();
            return;
        }
        if ("text".equalsIgnoreCase(System.getenv("PROMPTSTUDIO_LOG_FORMAT"))
                && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-text.xml");
        }
        if (System.getProperty(LEAK_DETECTION) == null) {
            // Netty's default samples buffers with a stack trace each: about 4 % of a loaded server's network
            // threads. The tests keep it on; an operator chasing a leak sets the property.
            System.setProperty(LEAK_DETECTION, "disabled");
        }
        Logger log = LoggerFactory.getLogger(SyncServerMain.class);
        ServerConfig config;
        try {
            config = ServerConfigLoader.load();
        } catch (ConfigException e) {
            System.err.println("promptstudio-sync-server: cannot start, the configuration has "
                    + e.problems().size() + (e.problems().size() == 1 ? " problem:" : " problems:"));
            e.problems().forEach(problem -> System.err.println("  - " + problem));
            log.atError().addKeyValue("problems", e.problems()).log("configuration refused");
            System.exit(EXIT_CONFIG);
            return;
        }
        if (config.profile() == Profile.DEV && System.getenv("PROMPTSTUDIO_JWT_SECRET") == null) {
            log.warn("dev profile: no PROMPTSTUDIO_JWT_SECRET given, tokens are signed with a random secret until restart");
        }
        SyncServer server = new SyncServer(config);
        try {
            server.start();
        } catch (Exception e) {
            // Opening the data folder comes first: a failure there is not the network's.
            String what = e instanceof StorageException ? "cannot open the data folder " + config.dataDirectory()
                    : "cannot listen on " + config.bindAddress() + ":" + config.port();
            log.atError().setCause(e).addKeyValue("bind", config.bindAddress()).addKeyValue("port", config.port())
                    .addKeyValue("dataDirectory", config.dataDirectory()).log("cannot start");
            System.err.println("promptstudio-sync-server: " + what + ": " + e.getMessage());
            System.exit(EXIT_FAILURE);
            return;
        }
        String firstOwner = System.getenv("PROMPTSTUDIO_OWNER_ACCOUNT");
        if (firstOwner != null) {
            String problem = server.ensureOwnerAccount(firstOwner, System.getenv("PROMPTSTUDIO_OWNER_PASSWORD"));
            if (problem != null) {
                System.err.println("promptstudio-sync-server: PROMPTSTUDIO_OWNER_ACCOUNT: " + problem);
                server.stop();
                System.exit(EXIT_CONFIG);
                return;
            }
        }
        if (config.profile() == Profile.DEV && config.jwtSecret() != null) {
            printDevToken(config, server.port());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "promptstudio-shutdown"));
        server.awaitStop();
    }

    /**
     * The dev profile's way in: a token for the tenant {@code dev} as its owner, signed with this start's secret,
     * and a command that uses it. Printed for a person (standard error), not logged.
     */
    private static void printDevToken(ServerConfig config, int port) {
        var issued = new TokenIssuer(config.jwtSecret().getBytes(java.nio.charset.StandardCharsets.UTF_8), config.jwtIssuer(),
                config.jwtAudience(), java.time.Clock.systemUTC()).issue("dev", "developer", Role.OWNER);
        String host = config.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress();
        System.err.println("promptstudio-sync-server: dev profile: a token for tenant 'dev' as its owner, valid until " + issued.expiresAt()
                + " or the next start:");
        System.err.println("  export PROMPTSTUDIO_TOKEN=" + issued.token());
        System.err.println("  curl -H \"Authorization: Bearer $PROMPTSTUDIO_TOKEN\" " + host + ":" + port + "/api/v1/workspaces");
        System.err.flush();
    }

    private static void printHelp() {
        System.out.println("""
                Usage: java -jar promptstudio-sync-server.jar

                The PromptStudio sync server. Settings come from environment variables, or from a
                'key = value' file named by PROMPTSTUDIO_CONFIG (environment variables win):
                """);
        for (ServerConfigLoader.Setting setting : ServerConfigLoader.Setting.values()) {
            System.out.printf("  %-40s %s%n", setting.environmentVariable(), setting.key());
        }
        System.out.println("""

                Password login: PROMPTSTUDIO_OWNER_ACCOUNT=tenant/user with PROMPTSTUDIO_OWNER_PASSWORD makes that
                tenant owner's account at start when it does not exist yet; the owner then adds accounts with
                PUT /api/v1/users/{user}, and clients log in with POST /api/v1/login.

                Profiles (PROMPTSTUDIO_PROFILE): dev (default), staging, prod. prod needs
                PROMPTSTUDIO_JWT_SECRET and an existing PROMPTSTUDIO_DATA_DIR.
                Logs are JSON lines on standard output; PROMPTSTUDIO_LOG_FORMAT=text gives plain lines.""");
    }
}
