package io.promptstudio.sync;

import io.promptstudio.sync.auth.TokenVerifier;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the server's settings: profile defaults, then an optional {@code key = value} file named by
 * {@code PROMPTSTUDIO_CONFIG}, then environment variables, each overriding the one before.
 * Every problem is collected and reported with the setting's environment variable and file key.
 */
public final class ServerConfigLoader {

    /** The settings, by file key; each has the environment variable {@code PROMPTSTUDIO_<KEY>}. */
    public enum Setting {
        PROFILE("profile"), PORT("port"), BIND("bind"), DATA_DIR("data-dir"), JWT_SECRET("jwt-secret"),
        ALLOWED_ORIGINS("allowed-origins"), SHUTDOWN_GRACE_SECONDS("shutdown-grace-seconds"),
        JWT_PUBLIC_KEY_FILE("jwt-public-key-file"), JWT_ISSUER("jwt-issuer"), JWT_AUDIENCE("jwt-audience"),
        MAX_DOCUMENTS_PER_TENANT("max-documents-per-tenant"), MAX_DOCUMENT_BYTES("max-document-bytes"),
        MAX_CONNECTIONS_PER_TENANT("max-connections-per-tenant"), MAX_CONNECTIONS_PER_IP("max-connections-per-ip"),
        MESSAGES_PER_SECOND("messages-per-second"), MAX_FRAME_BYTES("max-frame-bytes"),
        UNLOAD_AFTER_SECONDS("unload-after-seconds"), FSYNC("fsync"), IO_THREADS("io-threads"),
        AUDIT_RETENTION_DAYS("audit-retention-days"), MAX_CONNECTIONS("max-connections"),
        REQUEST_HEADER_TIMEOUT_SECONDS("request-header-timeout-seconds"), REQUEST_BODY_TIMEOUT_SECONDS("request-body-timeout-seconds"),
        IDLE_TIMEOUT_SECONDS("idle-timeout-seconds"), ADMIN_TOKEN("admin-token"), BACKUP_DIR("backup-dir");

        final String key;

        Setting(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public String environmentVariable() {
            return "PROMPTSTUDIO_" + name();
        }

        String describe() {
            return environmentVariable() + " (or '" + key + "' in the config file)";
        }
    }

    public static final String CONFIG_FILE_VARIABLE = "PROMPTSTUDIO_CONFIG";
    public static final int DEFAULT_PORT = 8787;
    static final int MIN_SECRET_LENGTH = 32;

    private ServerConfigLoader() {
    }

    /** Loads from the process environment. */
    public static ServerConfig load() throws ConfigException {
        return load(System.getenv());
    }

    public static ServerConfig load(Map<String, String> environment) throws ConfigException {
        List<String> problems = new ArrayList<>();
        Map<Setting, String> values = new LinkedHashMap<>();
        String file = environment.get(CONFIG_FILE_VARIABLE);
        if (file != null && !file.isBlank()) {
            values.putAll(readFile(Path.of(file), problems));
        }
        for (Setting setting : Setting.values()) {
            String value = environment.get(setting.environmentVariable());
            if (value != null && !value.isBlank()) {
                values.put(setting, value.strip());
            }
        }

        Profile profile = Profile.DEV;
        if (values.containsKey(Setting.PROFILE)) {
            try {
                profile = Profile.parse(values.get(Setting.PROFILE));
            } catch (IllegalArgumentException e) {
                problems.add(Setting.PROFILE.environmentVariable() + ": " + e.getMessage());
            }
        }
        int port = parsePort(values.get(Setting.PORT), problems);
        String bind = values.getOrDefault(Setting.BIND, profile == Profile.DEV ? "127.0.0.1" : "0.0.0.0");
        Path dataDirectory = dataDirectory(profile, values.get(Setting.DATA_DIR), problems);
        String secret = secret(profile, values.get(Setting.JWT_SECRET), values.containsKey(Setting.JWT_PUBLIC_KEY_FILE), problems);
        List<String> origins = origins(values.get(Setting.ALLOWED_ORIGINS), problems);
        Duration grace = grace(values.get(Setting.SHUTDOWN_GRACE_SECONDS), problems);
        Path publicKey = null;
        if (values.containsKey(Setting.JWT_PUBLIC_KEY_FILE)) {
            publicKey = Path.of(values.get(Setting.JWT_PUBLIC_KEY_FILE)).toAbsolutePath();
            if (!Files.isReadable(publicKey)) {
                problems.add(Setting.JWT_PUBLIC_KEY_FILE.describe() + ": " + publicKey + " cannot be read");
            } else {
                try {
                    TokenVerifier.readPublicKey(publicKey);
                } catch (IOException e) {
                    // a key that does not parse is the operator's to fix, like any other bad setting
                    problems.add(Setting.JWT_PUBLIC_KEY_FILE.describe() + ": " + e.getMessage());
                }
            }
        }
        Limits defaults = Limits.defaults();
        Limits base = new Limits(
                (int) number(values, Setting.MAX_DOCUMENTS_PER_TENANT, defaults.maxDocumentsPerTenant(), 1, 100_000_000, problems),
                number(values, Setting.MAX_DOCUMENT_BYTES, defaults.maxDocumentBytes(), 1024, 1L << 40, problems),
                (int) number(values, Setting.MAX_CONNECTIONS_PER_TENANT, defaults.maxConnectionsPerTenant(), 1, 10_000_000, problems),
                (int) number(values, Setting.MAX_CONNECTIONS_PER_IP, defaults.maxConnectionsPerIp(), 1, 10_000_000, problems),
                (int) number(values, Setting.MESSAGES_PER_SECOND, defaults.messagesPerSecond(), 1, 1_000_000, problems),
                defaults.messageBurst(),
                (int) number(values, Setting.MAX_FRAME_BYTES, defaults.maxFrameBytes(), 1024, 256L * 1024 * 1024, problems),
                defaults.maxPendingBytes());
        Limits limits = base.withConnections(
                (int) number(values, Setting.MAX_CONNECTIONS, defaults.maxConnections(), 0, 10_000_000, problems), base.maxConnectionsPerIp(),
                Duration.ofSeconds(number(values, Setting.REQUEST_HEADER_TIMEOUT_SECONDS, defaults.requestHeaderTimeout().toSeconds(), 1, 3_600,
                        problems)),
                Duration.ofSeconds(number(values, Setting.REQUEST_BODY_TIMEOUT_SECONDS, defaults.requestBodyTimeout().toSeconds(), 1, 3_600,
                        problems)),
                Duration.ofSeconds(number(values, Setting.IDLE_TIMEOUT_SECONDS, defaults.idleTimeout().toSeconds(), 1, 86_400, problems)));
        Duration unloadAfter = Duration.ofSeconds(number(values, Setting.UNLOAD_AFTER_SECONDS, 30, 0, 86_400, problems));
        boolean fsync = false;
        String fsyncText = values.get(Setting.FSYNC);
        if (fsyncText != null) {
            switch (fsyncText.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on", "1" -> fsync = true;
                case "false", "no", "off", "0" -> fsync = false;
                default -> problems.add(Setting.FSYNC.describe() + ": '" + fsyncText + "' is not true or false");
            }
        }

        int ioThreads = (int) number(values, Setting.IO_THREADS, 0, 0, 256, problems);
        Duration auditRetention = Duration.ofDays(number(values, Setting.AUDIT_RETENTION_DAYS, 0, 0, 36_500, problems));

        String adminToken = values.get(Setting.ADMIN_TOKEN);
        if (adminToken != null && adminToken.length() < MIN_SECRET_LENGTH) {
            problems.add(Setting.ADMIN_TOKEN.describe() + ": must be at least " + MIN_SECRET_LENGTH + " characters (e.g. openssl rand -hex 32)");
        }
        Path backups = values.containsKey(Setting.BACKUP_DIR) ? Path.of(values.get(Setting.BACKUP_DIR)).toAbsolutePath().normalize()
                : dataDirectory == null ? null : ServerConfig.defaultBackupDirectory(dataDirectory);

        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ServerConfig(profile, bind, port, dataDirectory, secret, origins, grace, publicKey,
                values.get(Setting.JWT_ISSUER), values.get(Setting.JWT_AUDIENCE), limits, unloadAfter, fsync, ioThreads,
                auditRetention, adminToken, backups);
    }

    private static long number(Map<Setting, String> values, Setting setting, long fallback, long min, long max, List<String> problems) {
        String text = values.get(setting);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.replace("_", ""));
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        problems.add(setting.describe() + ": '" + text + "' is not a whole number from " + min + " to " + max);
        return fallback;
    }

    private static Map<Setting, String> readFile(Path file, List<String> problems) {
        Map<Setting, String> values = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(CONFIG_FILE_VARIABLE + " names " + file + ", which cannot be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            return values;
        }
        Map<String, Setting> byKey = Arrays.stream(Setting.values())
                .collect(Collectors.toMap(Setting::key, setting -> setting, (a, b) -> a, LinkedHashMap::new));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                problems.add(file + ":" + (i + 1) + ":1: expected 'key = value', found '" + line + "'");
                continue;
            }
            String key = line.substring(0, equals).strip();
            Setting setting = byKey.get(key);
            if (setting == null) {
                problems.add(file + ":" + (i + 1) + ":1: unknown setting '" + key + "' (known: "
                        + String.join(", ", byKey.keySet()) + ")");
                continue;
            }
            values.put(setting, line.substring(equals + 1).strip());
        }
        return values;
    }

    private static int parsePort(String text, List<String> problems) {
        if (text == null) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        problems.add(Setting.PORT.describe() + ": '" + text + "' is not a port number (1-65535, or 0 for any free port)");
        return DEFAULT_PORT;
    }

    private static Path dataDirectory(Profile profile, String text, List<String> problems) {
        if (text == null) {
            if (profile == Profile.PROD) {
                problems.add(Setting.DATA_DIR.describe() + " is required in the prod profile: the folder for documents and the database");
                return null;
            }
            text = "promptstudio-data";
        }
        Path directory = Path.of(text).toAbsolutePath().normalize();
        if (Files.isDirectory(directory)) {
            if (!Files.isWritable(directory)) {
                problems.add(Setting.DATA_DIR.describe() + ": " + directory + " is not writable");
            }
        } else if (Files.exists(directory)) {
            problems.add(Setting.DATA_DIR.describe() + ": " + directory + " is a file, not a folder");
        } else if (profile == Profile.PROD) {
            problems.add(Setting.DATA_DIR.describe() + ": " + directory
                    + " does not exist (prod never creates it: create it, or fix the path)");
        } else {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                problems.add(Setting.DATA_DIR.describe() + ": cannot create " + directory + " (" + e.getMessage() + ")");
            }
        }
        return directory;
    }

    private static String secret(Profile profile, String secret, boolean publicKeyGiven, List<String> problems) {
        if (secret == null) {
            if (publicKeyGiven) {
                return null;
            }
            if (profile != Profile.DEV) {
                problems.add(Setting.JWT_SECRET.describe() + " (or " + Setting.JWT_PUBLIC_KEY_FILE.environmentVariable()
                        + ") is required in the " + profile.id() + " profile: at least " + MIN_SECRET_LENGTH + " characters used to sign access tokens");
                return null;
            }
            byte[] random = new byte[MIN_SECRET_LENGTH];
            new SecureRandom().nextBytes(random);
            return HexFormat.of().formatHex(random);
        }
        if (profile != Profile.DEV && secret.length() < MIN_SECRET_LENGTH) {
            problems.add(Setting.JWT_SECRET.describe() + " must be at least " + MIN_SECRET_LENGTH + " characters, it has "
                    + secret.length());
        }
        return secret;
    }

    private static List<String> origins(String text, List<String> problems) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> origins = new ArrayList<>();
        for (String origin : text.split(",")) {
            String trimmed = origin.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!isOrigin(trimmed)) {
                problems.add(Setting.ALLOWED_ORIGINS.describe() + ": '" + trimmed
                        + "' is not an origin (expected scheme://host[:port], e.g. https://studio.example.com)");
                continue;
            }
            origins.add(trimmed);
        }
        return List.copyOf(origins);
    }

    private static boolean isOrigin(String text) {
        try {
            URI uri = new URI(text);
            return (uri.getScheme() != null && uri.getScheme().matches("https?")) && uri.getHost() != null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static Duration grace(String text, List<String> problems) {
        if (text == null) {
            return Duration.ofSeconds(10);
        }
        try {
            long seconds = Long.parseLong(text);
            if (seconds >= 0 && seconds <= 600) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(Setting.SHUTDOWN_GRACE_SECONDS.describe() + ": '" + text + "' is not a number of seconds from 0 to 600");
        return Duration.ofSeconds(10);
    }
}
