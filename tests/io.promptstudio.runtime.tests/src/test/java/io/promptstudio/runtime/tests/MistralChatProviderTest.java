package io.promptstudio.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.promptstudio.runtime.provider.ChatProvider;
import io.promptstudio.runtime.provider.ModelSettings;
import io.promptstudio.runtime.provider.OpenAiChatProvider;
import io.promptstudio.runtime.provider.Retry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mistral: OpenAI's protocol, with the seed called random_seed. */
class MistralChatProviderTest extends OpenAiShapedConformanceTest {
    MistralChatProviderTest() throws Exception {
        super();
    }

    @Override
    ChatProvider provider(String key, Retry retry) {
        return new OpenAiChatProvider(key, OpenAiChatProvider.Dialect.MISTRAL, retry);
    }

    @Override
    String providerName() {
        return "mistral";
    }

    @Test
    void theSeedGoesOutAsRandomSeed() throws Exception {
        server.answer("mistral-small-latest", "{\"a\": 1}", 9, 2);
        ModelSettings settings = new ModelSettings("m", "mistral", "mistral-small-latest", server.endpoint(), BigDecimal.ZERO, null, 42L,
                null, List.of(), Duration.ofSeconds(5), 0);
        new OpenAiChatProvider("mk", OpenAiChatProvider.Dialect.MISTRAL).chat(call(settings));
        JsonNode sent = server.received().get(0).json();
        assertEquals(42, sent.get("random_seed").asInt());
        assertEquals(false, sent.has("seed"));
        assertEquals(List.of("Bearer mk"), server.received().get(0).headers().get("Authorization"));
    }
}
