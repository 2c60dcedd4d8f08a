package io.promptstudio.search.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A provider's embedding model over OpenAI's embeddings API — OpenAI itself, or any server that speaks it (vLLM,
 * Ollama's {@code /v1}, LM Studio, Azure's compatible endpoint). Chosen with {@code PROMPTSTUDIO_EMBEDDER}:
 * {@code openai:text-embedding-3-small}; the key comes from {@code OPENAI_API_KEY} and the server from
 * {@code PROMPTSTUDIO_EMBEDDING_ENDPOINT} (default OpenAI's). Its vectors are a different space from the
 * in-process model's: an index or cache built with one is rebuilt for the other.
 */
public final class ProviderEmbedder implements Embedder {

    /** Dimensions of OpenAI's models, so that opening an index does not cost a call; others are asked once. */
    private static final Map<String, Integer> KNOWN_DIMENSIONS = Map.of("text-embedding-3-small", 1536, "text-embedding-3-large", 3072,
            "text-embedding-ada-002", 1536);

    private final OpenAiEmbeddingModel model;
    private final String modelName;
    private final int dimension;

    public ProviderEmbedder(String endpoint, String apiKey, String modelName) {
        this.modelName = modelName;
        this.model = OpenAiEmbeddingModel.builder().baseUrl(endpoint).apiKey(apiKey == null || apiKey.isBlank() ? "none" : apiKey)
                .modelName(modelName).timeout(Duration.ofSeconds(60)).maxRetries(2).httpClientBuilder(JdkHttpClient.builder()).build();
        Integer known = KNOWN_DIMENSIONS.get(modelName);
        this.dimension = known != null ? known : embedRaw(List.of("dimension probe")).get(0).length;
    }

    /**
     * The embedder a setting names: empty or {@code minilm} for the in-process model, {@code openai:MODEL} for a
     * provider's.
     *
     * @param environment {@code OPENAI_API_KEY} and {@code PROMPTSTUDIO_EMBEDDING_ENDPOINT} by name
     * @throws IllegalArgumentException for a setting it does not know, naming the ones it does
     */
    public static Embedder fromSetting(String setting, Function<String, String> environment) {
        if (setting == null || setting.isBlank() || setting.strip().equals("minilm") || setting.strip().equals(MiniLmEmbedder.ID)) {
            return MiniLmEmbedder.shared();
        }
        String value = setting.strip();
        if (value.startsWith("openai:") && value.length() > "openai:".length()) {
            String endpoint = environment.apply("PROMPTSTUDIO_EMBEDDING_ENDPOINT");
            return new ProviderEmbedder(endpoint == null || endpoint.isBlank() ? "https://api.openai.com/v1" : endpoint.strip(),
                    environment.apply("OPENAI_API_KEY"), value.substring("openai:".length()));
        }
        throw new IllegalArgumentException("PROMPTSTUDIO_EMBEDDER='" + value + "' is not an embedding model PromptStudio knows: use 'minilm' "
                + "(in-process, the default) or 'openai:MODEL' (OpenAI's API or a server speaking it)");
    }

    @Override
    public String id() {
        return "openai:" + modelName;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (float[] vector : embedRaw(texts)) {
            vectors.add(Vectors.normalized(vector));
        }
        return vectors;
    }

    private List<float[]> embedRaw(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = texts.stream().map(text -> TextSegment.from(text.isBlank() ? " " : text)).toList();
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (Embedding embedding : model.embedAll(segments).content()) {
            vectors.add(embedding.vector());
        }
        return vectors;
    }
}
