package io.promptstudio.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.search.embed.Embedder;
import io.promptstudio.search.embed.MiniLmEmbedder;
import io.promptstudio.search.embed.ProviderEmbedder;
import io.promptstudio.search.index.SearchHit;
import io.promptstudio.search.index.SearchRequest;
import io.promptstudio.tests.support.providers.FakeProviderServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider's embedding model over OpenAI's embeddings API, against a local server speaking that protocol: the
 * wire is real, the vectors are word hashes (so texts sharing words are near).
 */
class ProviderEmbedderTest {

    @TempDir
    Path workspace;

    private final FakeProviderServer server;

    ProviderEmbedderTest() throws Exception {
        server = new FakeProviderServer().embeddings(ProviderEmbedderTest::wordHashes);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anIndexBuiltWithAProviderModelFindsByItsVectorsAndSendsTheKey() throws Exception {
        Embedder embedder = new ProviderEmbedder(server.endpoint(), "sk-test", "house-embedder");
        assertEquals(64, embedder.dimension(), "an unknown model's dimension is asked once");
        assertEquals("openai:house-embedder", embedder.id());
        Path docs = Files.createDirectories(workspace.resolve("docs"));
        Files.writeString(docs.resolve("shipping.md"), "# Shipping\n\nParcels ship from the Leipzig warehouse.\n");
        Files.writeString(docs.resolve("billing.md"), "# Billing\n\nInvoices are sent on the first of the month.\n");
        List<String> messages = new ArrayList<>();
        try (WorkspaceSearch search = WorkspaceSearch.open(workspace, embedder, messages::add)) {
            search.ingest(List.of(docs), "", (done, total, file) -> { });
            List<SearchHit> hits = search.search(SearchRequest.of("which warehouse ships parcels", 2).withMode(SearchRequest.Mode.VECTOR));
            assertEquals("Shipping", hits.get(0).item().title());
        }
        var request = server.received().get(server.received().size() - 1);
        assertEquals("/v1/embeddings", request.path());
        assertEquals(List.of("Bearer sk-test"), request.headers().get("Authorization"));
        assertEquals("house-embedder", request.json().get("model").asText());

        try (WorkspaceSearch search = WorkspaceSearch.open(workspace, MiniLmEmbedder.shared(), messages::add)) {
            assertTrue(search.index().wasRebuilt(), "the in-process model's vectors are another space");
            assertTrue(messages.get(0).contains("was built with the embedding model openai:house-embedder/64, not all-minilm-l6-v2/384"), messages.get(0));
        }
    }

    @Test
    void theSettingChoosesTheModel() {
        assertInstanceOf(MiniLmEmbedder.class, ProviderEmbedder.fromSetting(null, name -> null));
        assertInstanceOf(MiniLmEmbedder.class, ProviderEmbedder.fromSetting("minilm", name -> null));
        Map<String, String> environment = Map.of("PROMPTSTUDIO_EMBEDDING_ENDPOINT", server.endpoint(), "OPENAI_API_KEY", "sk-env");
        Embedder provider = ProviderEmbedder.fromSetting("openai:text-embedding-3-small", environment::get);
        assertEquals(1536, provider.dimension(), "a known model's dimension costs no call");
        assertEquals(0, server.received().size());
        assertEquals("PROMPTSTUDIO_EMBEDDER='word2vec' is not an embedding model PromptStudio knows: use 'minilm' (in-process, the default) "
                + "or 'openai:MODEL' (OpenAI's API or a server speaking it)",
                assertThrows(IllegalArgumentException.class, () -> ProviderEmbedder.fromSetting("word2vec", name -> null)).getMessage());
    }

    /** 64 dimensions, one count per word hashed into them: texts that share words point the same way. */
    private static float[] wordHashes(String text) {
        float[] vector = new float[64];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty() && word.length() > 3) {
                vector[Math.floorMod(word.hashCode(), 64)] += 1;
            }
        }
        vector[0] += 0.01f;
        return vector;
    }
}
