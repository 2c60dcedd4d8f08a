package io.promptstudio.collab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;

/**
 * The password login of a PromptStudio sync server: exchanges a tenant, user name and password for the access
 * token the server signs ({@code POST /api/v1/login}, on the port of the sync URL). Failures come back as a
 * {@link LoginException} whose message a user can act on.
 */
public final class ServerLogin {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI login;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** @param syncUrl the co-editing URL ({@code ws://host:8787/hocuspocus}); the API is on the same port */
    public ServerLogin(URI syncUrl) {
        if (syncUrl.getRawAuthority() == null || !("ws".equals(syncUrl.getScheme()) || "wss".equals(syncUrl.getScheme()))) {
            throw new IllegalArgumentException("the server URL must be ws:// or wss:// with a host, not " + syncUrl);
        }
        String scheme = "wss".equals(syncUrl.getScheme()) ? "https" : "http";
        this.login = URI.create(scheme + "://" + syncUrl.getRawAuthority() + "/api/v1/login");
    }

    public record Token(String token, Instant expiresAt, String role) {
    }

    /** A login the server refused, or one that could not reach it; the message says which and what to do. */
    public static final class LoginException extends Exception {
        private static final long serialVersionUID = 1L;

        LoginException(String message) {
            super(message);
        }
    }

    public Token login(String tenant, String user, char[] password) throws LoginException {
        String body = JSON.createObjectNode().put("tenant", tenant.strip()).put("user", user.strip()).put("password", new String(password))
                .toString();
        HttpRequest request = HttpRequest.newBuilder(login).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new LoginException("Cannot reach " + login.getAuthority() + ": nothing answers there (is the server running?)");
        } catch (HttpTimeoutException e) {
            throw new LoginException(login.getAuthority() + " did not answer within 30 seconds");
        } catch (IOException e) {
            throw new LoginException("Cannot reach " + login.getAuthority() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginException("The login was interrupted");
        }
        JsonNode answer = parse(response.body());
        return switch (response.statusCode()) {
            case 200 -> {
                if (!answer.path("token").isTextual()) {
                    throw new LoginException(login.getAuthority() + " answered the login without a token: is it a PromptStudio sync server?");
                }
                yield new Token(answer.get("token").asText(), Instant.parse(answer.path("expiresAt").asText(Instant.EPOCH.toString())),
                        answer.path("role").asText(""));
            }
            case 401 -> throw new LoginException("Wrong user name or password for tenant " + tenant.strip());
            case 429 -> throw new LoginException("Too many failed logins for this account; try again in "
                    + response.headers().firstValue("Retry-After").orElse("a few") + " seconds");
            case 404 -> throw new LoginException(login.getAuthority() + " has no password login (an older server, or not PromptStudio's)");
            default -> throw new LoginException("The server refused the login (" + response.statusCode() + "): "
                    + answer.path("message").asText(response.body()) + detail(answer));
        };
    }

    private static String detail(JsonNode answer) {
        JsonNode details = answer.path("details");
        return details.isArray() && !details.isEmpty() ? " — " + details.get(0).asText() : "";
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
