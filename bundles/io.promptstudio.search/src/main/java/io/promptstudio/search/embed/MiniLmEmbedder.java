package io.promptstudio.search.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-process default: all-MiniLM-L6-v2 (384 dimensions) run by ONNX Runtime from LangChain4j's packaged
 * model, so search and the cache work offline. Loading the model takes about a second and ~100 MB, so there is
 * one per process ({@link #shared()}); it is safe to use from several threads.
 */
public final class MiniLmEmbedder implements Embedder {

    public static final String ID = "all-minilm-l6-v2";

    private static volatile MiniLmEmbedder shared;

    private final AllMiniLmL6V2EmbeddingModel model;

    private MiniLmEmbedder() {
        this.model = new AllMiniLmL6V2EmbeddingModel();
    }

    public static MiniLmEmbedder shared() {
        MiniLmEmbedder embedder = shared;
        if (embedder == null) {
            synchronized (MiniLmEmbedder.class) {
                embedder = shared;
                if (embedder == null) {
                    embedder = new MiniLmEmbedder();
                    shared = embedder;
                }
            }
        }
        return embedder;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int dimension() {
        return 384;
    }

    @Override
    public float[] embed(String text) {
        // the model refuses blank text; a blank query or chunk then matches nothing in particular
        return Vectors.normalized(model.embed(text.isBlank() ? " " : text).content().vector());
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String text : texts) {
            segments.add(TextSegment.from(text.isBlank() ? " " : text));
        }
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (Embedding embedding : model.embedAll(segments).content()) {
            vectors.add(Vectors.normalized(embedding.vector()));
        }
        return vectors;
    }
}
