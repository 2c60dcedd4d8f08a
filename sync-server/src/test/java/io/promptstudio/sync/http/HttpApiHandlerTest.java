package io.promptstudio.sync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.CharsetUtil;
import io.promptstudio.core.PromptStudioVersion;
import io.promptstudio.sync.HealthService;
import io.promptstudio.sync.Profile;
import io.promptstudio.sync.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpApiHandlerTest {

    @TempDir
    Path data;

    private EmbeddedChannel channel(HealthService health) {
        return new EmbeddedChannel(new HttpApiHandler(health));
    }

    private HealthService health() {
        return new HealthService(new ServerConfig(Profile.DEV, "127.0.0.1", 0, data, "s", List.of(), Duration.ZERO));
    }

    private static FullHttpResponse exchange(EmbeddedChannel channel, HttpMethod method, String uri) {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri));
        return channel.readOutbound();
    }

    private static JsonNode body(FullHttpResponse response) throws Exception {
        try {
            return new ObjectMapper().readTree(response.content().toString(CharsetUtil.UTF_8));
        } finally {
            response.release();
        }
    }

    @Test
    void healthAnswersJsonWithStatusVersionAndUptime() throws Exception {
        EmbeddedChannel channel = channel(health());
        FullHttpResponse response = exchange(channel, HttpMethod.GET, "/health?verbose=1");
        assertEquals(HttpResponseStatus.OK, response.status());
        assertEquals("application/json; charset=utf-8", response.headers().get(HttpHeaderNames.CONTENT_TYPE));
        JsonNode json = body(response);
        assertEquals("UP", json.get("status").asText());
        assertEquals(PromptStudioVersion.version(), json.get("version").asText());
        assertTrue(json.get("uptimeSeconds").isNumber());
        assertFalse(channel.finish());
    }

    @Test
    void readyIsUnavailableUntilTheServerAccepts() throws Exception {
        HealthService health = health();
        EmbeddedChannel channel = channel(health);
        FullHttpResponse notYet = exchange(channel, HttpMethod.GET, "/ready");
        assertEquals(HttpResponseStatus.SERVICE_UNAVAILABLE, notYet.status());
        JsonNode json = body(notYet);
        assertEquals("NOT_READY", json.get("status").asText());
        assertEquals("not yet listening", json.get("checks").get("accepting").asText());
        assertFalse(channel.finish());
    }

    @Test
    void otherMethodsGet405WithAllow() throws Exception {
        EmbeddedChannel channel = channel(health());
        FullHttpResponse response = exchange(channel, HttpMethod.POST, "/health");
        assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, response.status());
        assertEquals("GET, HEAD", response.headers().get(HttpHeaderNames.ALLOW));
        assertEquals("method not allowed", body(response).get("error").asText());
        assertFalse(channel.finish());
    }

    @Test
    void headSendsHeadersWithoutBody() {
        EmbeddedChannel channel = channel(health());
        FullHttpResponse response = exchange(channel, HttpMethod.HEAD, "/health");
        assertEquals(HttpResponseStatus.OK, response.status());
        assertEquals(0, response.content().readableBytes());
        assertTrue(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH) > 0);
        response.release();
        assertFalse(channel.finish());
    }

    @Test
    void unknownPathsGet404NamingThePath() throws Exception {
        EmbeddedChannel channel = channel(health());
        FullHttpResponse response = exchange(channel, HttpMethod.GET, "/../etc/passwd");
        assertEquals(HttpResponseStatus.NOT_FOUND, response.status());
        assertEquals("no resource at /../etc/passwd", body(response).get("detail").asText());
        assertFalse(channel.finish());
    }
}
