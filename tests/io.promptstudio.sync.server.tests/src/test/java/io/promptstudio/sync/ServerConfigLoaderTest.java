package io.promptstudio.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigLoaderTest {

    @TempDir
    Path temp;

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("PROMPTSTUDIO_DATA_DIR", temp.resolve("data").toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private List<String> problems(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> ServerConfigLoader.load(env)).problems();
    }

    @Test
    void devDefaultsToLoopbackAndCreatesTheDataFolderAndARandomSecret() throws Exception {
        ServerConfig config = ServerConfigLoader.load(env());
        assertEquals(Profile.DEV, config.profile());
        assertEquals("127.0.0.1", config.bindAddress());
        assertEquals(8787, config.port());
        assertTrue(Files.isDirectory(temp.resolve("data")));
        assertEquals(64, config.jwtSecret().length());
        assertEquals(Duration.ofSeconds(10), config.shutdownGrace());
        assertFalse(config.toString().contains(config.jwtSecret()), "the secret never appears in toString");
    }

    @Test
    void prodWithoutSecretNamesTheMissingSetting() {
        List<String> problems = problems(env("PROMPTSTUDIO_PROFILE", "prod"));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("PROMPTSTUDIO_JWT_SECRET (or 'jwt-secret' in the config file) (or PROMPTSTUDIO_JWT_PUBLIC_KEY_FILE) is required in the prod profile")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("does not exist (prod never creates it")), problems.toString());
        assertFalse(Files.exists(temp.resolve("data")), "prod does not create the data folder");
    }

    @Test
    void aPublicKeyFileThatDoesNotHoldAnRsaKeyIsAConfigurationProblem() throws Exception {
        Path notBase64 = Files.writeString(temp.resolve("bad.pem"), "-----BEGIN PUBLIC KEY-----\nnot base64!!\n-----END PUBLIC KEY-----\n");
        Path ecKey = Files.writeString(temp.resolve("ec.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEl1pUu0RBc4bR9G6dS4gDP6FOyEHLXhbjyv5qXwq4B3y3JVHJ8y5+X9Shr0mCgv4kpPvkYhAZ1IRY0ZmWfh7Qbw==\n"
                + "-----END PUBLIC KEY-----\n");
        Path certificate = Files.writeString(temp.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        assertEquals(List.of("PROMPTSTUDIO_JWT_PUBLIC_KEY_FILE (or 'jwt-public-key-file' in the config file): " + notBase64.toAbsolutePath()
                + " does not hold an RSA public key: Illegal base64 character 21"), problems(env("PROMPTSTUDIO_JWT_PUBLIC_KEY_FILE", notBase64.toString())));
        String ec = problems(env("PROMPTSTUDIO_JWT_PUBLIC_KEY_FILE", ecKey.toString())).get(0);
        assertTrue(ec.startsWith("PROMPTSTUDIO_JWT_PUBLIC_KEY_FILE (or 'jwt-public-key-file' in the config file): " + ecKey.toAbsolutePath()
                + " does not hold an RSA public key"), ec);
        assertEquals(List.of("PROMPTSTUDIO_JWT_PUBLIC_KEY_FILE (or 'jwt-public-key-file' in the config file): " + certificate.toAbsolutePath()
                + " is not a PEM public key (expected '-----BEGIN PUBLIC KEY-----')"), problems(env("PROMPTSTUDIO_JWT_PUBLIC_KEY_FILE", certificate.toString())));
    }

    @Test
    void prodWithoutDataDirNamesTheMissingSetting() {
        Map<String, String> env = env("PROMPTSTUDIO_PROFILE", "PROD", "PROMPTSTUDIO_JWT_SECRET", SECRET);
        env.remove("PROMPTSTUDIO_DATA_DIR");
        assertEquals(List.of("PROMPTSTUDIO_DATA_DIR (or 'data-dir' in the config file) is required in the prod profile: "
                + "the folder for documents and the database"), problems(env));
    }

    @Test
    void prodStartsWithEverythingGiven() throws Exception {
        Files.createDirectories(temp.resolve("data"));
        ServerConfig config = ServerConfigLoader.load(env("PROMPTSTUDIO_PROFILE", "prod", "PROMPTSTUDIO_JWT_SECRET", SECRET,
                "PROMPTSTUDIO_ALLOWED_ORIGINS", "https://studio.example.com, http://localhost:5173"));
        assertEquals("0.0.0.0", config.bindAddress());
        assertEquals(List.of("https://studio.example.com", "http://localhost:5173"), config.allowedOrigins());
    }

    @Test
    void stagingRequiresASecretOfFullLength() {
        assertEquals(List.of("PROMPTSTUDIO_JWT_SECRET (or 'jwt-secret' in the config file) must be at least 32 characters, it has 5"),
                problems(env("PROMPTSTUDIO_PROFILE", "staging", "PROMPTSTUDIO_JWT_SECRET", "short")));
    }

    @Test
    void everyBadValueIsReportedWithItsSetting() {
        List<String> problems = problems(env("PROMPTSTUDIO_PROFILE", "production", "PROMPTSTUDIO_PORT", "80a",
                "PROMPTSTUDIO_ALLOWED_ORIGINS", "https://ok.example.com,studio.example.com,https://x.example.com/path",
                "PROMPTSTUDIO_SHUTDOWN_GRACE_SECONDS", "-1"));
        assertEquals(List.of(
                "PROMPTSTUDIO_PROFILE: 'production' is not a profile (expected one of dev, staging, prod)",
                "PROMPTSTUDIO_PORT (or 'port' in the config file): '80a' is not a port number (1-65535, or 0 for any free port)",
                "PROMPTSTUDIO_ALLOWED_ORIGINS (or 'allowed-origins' in the config file): 'studio.example.com' is not an origin (expected scheme://host[:port], e.g. https://studio.example.com)",
                "PROMPTSTUDIO_ALLOWED_ORIGINS (or 'allowed-origins' in the config file): 'https://x.example.com/path' is not an origin (expected scheme://host[:port], e.g. https://studio.example.com)",
                "PROMPTSTUDIO_SHUTDOWN_GRACE_SECONDS (or 'shutdown-grace-seconds' in the config file): '-1' is not a number of seconds from 0 to 600"),
                problems);
    }

    @Test
    void theAuditRetentionIsInDaysAndTheLastSettingsAreCheckedLikeTheRest() throws Exception {
        assertEquals(Duration.ZERO, ServerConfigLoader.load(env()).auditRetention(), "kept for good unless set");
        assertEquals(Duration.ofDays(90), ServerConfigLoader.load(env("PROMPTSTUDIO_AUDIT_RETENTION_DAYS", "90")).auditRetention());
        assertEquals(List.of(
                "PROMPTSTUDIO_IO_THREADS (or 'io-threads' in the config file): '-2' is not a whole number from 0 to 256",
                "PROMPTSTUDIO_AUDIT_RETENTION_DAYS (or 'audit-retention-days' in the config file): 'forever' is not a whole number from 0 to 36500"),
                problems(env("PROMPTSTUDIO_IO_THREADS", "-2", "PROMPTSTUDIO_AUDIT_RETENTION_DAYS", "forever")));
    }

    @Test
    void portOutOfRangeIsRefused() {
        assertTrue(problems(env("PROMPTSTUDIO_PORT", "65536")).get(0).contains("'65536' is not a port number"));
    }

    @Test
    void theFileIsReadAndTheEnvironmentWins() throws Exception {
        Path file = Files.writeString(temp.resolve("server.conf"), """
                # a comment
                port = 9000
                bind=0.0.0.0

                shutdown-grace-seconds = 3
                """);
        ServerConfig config = ServerConfigLoader.load(env("PROMPTSTUDIO_CONFIG", file.toString(), "PROMPTSTUDIO_PORT", "9001"));
        assertEquals(9001, config.port());
        assertEquals("0.0.0.0", config.bindAddress());
        assertEquals(Duration.ofSeconds(3), config.shutdownGrace());
    }

    @Test
    void aMalformedFileIsReportedWithLineNumbers() throws Exception {
        Path file = Files.writeString(temp.resolve("server.conf"), "port = 9000\nprot = 9001\njust words\n");
        assertEquals(List.of(
                file + ":2:1: unknown setting 'prot' (known: profile, port, bind, data-dir, jwt-secret, allowed-origins, shutdown-grace-seconds, jwt-public-key-file, jwt-issuer, jwt-audience, max-documents-per-tenant, max-document-bytes, max-connections-per-tenant, max-connections-per-ip, messages-per-second, max-frame-bytes, unload-after-seconds, fsync, io-threads, audit-retention-days, max-connections, request-header-timeout-seconds, request-body-timeout-seconds, idle-timeout-seconds, admin-token, backup-dir)",
                file + ":3:1: expected 'key = value', found 'just words'"),
                problems(env("PROMPTSTUDIO_CONFIG", file.toString())));
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = temp.resolve("nope.conf");
        String problem = problems(env("PROMPTSTUDIO_CONFIG", missing.toString())).get(0);
        assertTrue(problem.startsWith("PROMPTSTUDIO_CONFIG names " + missing + ", which cannot be read (NoSuchFileException"), problem);
    }

    @Test
    void aDataDirThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(temp.resolve("data"), "x");
        assertEquals(List.of("PROMPTSTUDIO_DATA_DIR (or 'data-dir' in the config file): " + file + " is a file, not a folder"),
                problems(env()));
    }
}
