package io.promptstudio.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.runtime.provider.ChatProvider;
import io.promptstudio.runtime.provider.ModelSettings;
import io.promptstudio.runtime.provider.OpenAiChatProvider;
import io.promptstudio.runtime.provider.ProviderException;
import io.promptstudio.runtime.provider.Retry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Azure OpenAI: OpenAI's protocol at a deployment URL, with the key in its own header and an API version. */
class AzureOpenAiChatProviderTest extends OpenAiShapedConformanceTest {
    AzureOpenAiChatProviderTest() throws Exception {
        super();
    }

    @Override
    ChatProvider provider(String key, Retry retry) {
        return new OpenAiChatProvider(key, OpenAiChatProvider.Dialect.AZURE, retry);
    }

    @Override
    String providerName() {
        return "azure-openai";
    }

    @Test
    void theKeyGoesInItsOwnHeaderWithTheApiVersion() throws Exception {
        server.answer("gpt-4o-mini", "{\"a\": 1}", 9, 2);
        ModelSettings settings = new ModelSettings("az", "azure-openai", "gpt-4o-mini", server.endpoint() + "/openai/deployments/mini", null,
                null, 1L, null, List.of(), Duration.ofSeconds(5), 0);
        new OpenAiChatProvider("azk", OpenAiChatProvider.Dialect.AZURE).chat(call(settings));
        var sent = server.received().get(0);
        assertEquals("/v1/openai/deployments/mini/chat/completions", sent.path());
        assertEquals("api-version=2024-10-21", sent.query());
        assertEquals(List.of("azk"), sent.headers().get("Api-key"));
        assertTrue(sent.headers().get("Authorization") == null, "no bearer token: " + sent.headers().get("Authorization"));
        assertEquals(1, sent.json().get("seed").asInt());
    }

    @Test
    void withoutAnEndpointItSaysWhatToWrite() {
        ModelSettings settings = new ModelSettings("az", "azure-openai", "gpt-4o-mini", null, null, null, null, null, List.of(),
                Duration.ofSeconds(5), 0);
        var error = assertThrows(ProviderException.class, () -> new OpenAiChatProvider("k", OpenAiChatProvider.Dialect.AZURE).chat(call(settings)));
        assertEquals("profile az needs an endpoint for azure-openai (for Azure: https://RESOURCE.openai.azure.com/openai/deployments/DEPLOYMENT)",
                error.getMessage());
    }
}
