package io.promptstudio.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.search.embed.Embedder;
import io.promptstudio.search.embed.MiniLmEmbedder;
import io.promptstudio.search.index.IndexedItem;
import io.promptstudio.search.index.SearchHit;
import io.promptstudio.search.index.SearchIndex;
import io.promptstudio.search.index.SearchRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace index over the shipped example prompts: real Lucene folders and the real embedding model. */
class SearchIndexTest {

    @TempDir
    Path workspace;

    private Path project;

    @BeforeEach
    void copyExamples() throws IOException {
        project = Files.createDirectories(workspace.resolve("demo"));
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("promptstudio.examples")))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".pstudio")).toList()) {
                Files.copy(file, project.resolve(file.getFileName()));
            }
        }
    }

    private List<Path> promptFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(workspace)) {
            return walk.filter(f -> f.toString().endsWith(".pstudio")).sorted().toList();
        }
    }

    private List<String> messages = new ArrayList<>();

    private WorkspaceSearch open() throws Exception {
        return WorkspaceSearch.open(workspace, MiniLmEmbedder.shared(), messages::add);
    }

    @Test
    void findsPromptsByMeaningByKeywordAndByBoth() throws Exception {
        try (WorkspaceSearch search = open()) {
            WorkspaceSearch.PromptSync sync = search.syncPrompts(promptFiles(), line -> { });
            assertEquals(promptFiles().size(), sync.indexed());
            List<SearchHit> meaning = search.search(SearchRequest.of("is this customer review positive or negative", 3)
                    .withMode(SearchRequest.Mode.VECTOR).withTypes(IndexedItem.PROMPT));
            assertTrue(meaning.get(0).item().title().contains("Sentiment"), () -> "vector search found " + titles(meaning));
            List<SearchHit> keyword = search.search(SearchRequest.of("invoice", 3).withMode(SearchRequest.Mode.KEYWORD));
            assertTrue(keyword.get(0).item().source().endsWith("extract-invoice.pstudio"), () -> "BM25 found " + titles(keyword));
            assertTrue(keyword.get(0).vectorRank() == 0 && keyword.get(0).keywordRank() == 1);
            List<SearchHit> hybrid = search.search(SearchRequest.of("translate the user interface strings", 3));
            assertTrue(hybrid.get(0).item().source().endsWith("translate-ui.pstudio"), () -> "hybrid found " + titles(hybrid));
            assertTrue(hybrid.get(0).keywordRank() > 0 && hybrid.get(0).vectorRank() > 0, "the top hybrid hit is found by both");
            assertFalse(hybrid.get(0).snippet().isBlank());
            List<SearchHit> everything = search.search(SearchRequest.of("is this customer review positive or negative", 5));
            assertEquals("reviews.ClassifySentiment", everything.get(0).item().title(),
                    () -> "a prompt comes before the types it uses: " + titles(everything));
            for (int i = 1; i < everything.size(); i++) {
                assertTrue(everything.get(i - 1).score() >= everything.get(i).score(), "ordered by the score shown");
            }
        }
    }

    @Test
    void filtersByTypeProjectAndTag() throws Exception {
        Path other = Files.createDirectories(workspace.resolve("ops"));
        Files.writeString(other.resolve("oncall.pstudio"), """
                namespace ops
                /** Summarises an incident for the on-call engineer.
                    @tag incident, oncall */
                prompt SummariseIncident(log: string) -> string {
                  user "Summarise this incident log: {{ log }}"
                }
                """);
        try (WorkspaceSearch search = open()) {
            search.syncPrompts(promptFiles(), line -> { });
            List<SearchHit> types = search.search(new SearchRequest("invoice", 10, SearchRequest.Mode.HYBRID, List.of("type"), List.of(), List.of()));
            assertFalse(types.isEmpty());
            assertTrue(types.stream().allMatch(hit -> hit.item().type().equals("type")), () -> "types only: " + titles(types));
            List<SearchHit> ops = search.search(new SearchRequest("summarise", 10, SearchRequest.Mode.HYBRID, List.of(), List.of("ops"), List.of()));
            assertEquals(List.of("ops.SummariseIncident"), titles(ops));
            List<SearchHit> tagged = search.search(new SearchRequest("log", 10, SearchRequest.Mode.HYBRID, List.of(), List.of(), List.of("oncall")));
            assertEquals(List.of("ops.SummariseIncident"), titles(tagged));
            assertEquals(List.of("incident", "oncall"), tagged.get(0).item().tags());
            assertTrue(search.search(new SearchRequest("log", 10, SearchRequest.Mode.HYBRID, List.of(), List.of(), List.of("oncall", "nope"))).isEmpty());
        }
    }

    @Test
    void updatesIncrementallyAndKeepsWhatWasCommitted() throws Exception {
        int files = promptFiles().size();
        try (WorkspaceSearch search = open()) {
            assertEquals(files, search.syncPrompts(promptFiles(), line -> { }).indexed());
        }
        Path sentiment = project.resolve("classify-sentiment.pstudio");
        Files.writeString(sentiment, Files.readString(sentiment).replace("Classifies", "Grades the mood of"));
        Files.delete(project.resolve("text-to-sql.pstudio"));
        try (WorkspaceSearch search = open()) {
            WorkspaceSearch.PromptSync sync = search.syncPrompts(promptFiles(), line -> { });
            assertEquals(1, sync.indexed(), "only the edited file is read again");
            assertEquals(files - 2, sync.unchanged());
            assertEquals(1, sync.removed(), "the deleted file's prompts are gone");
            assertTrue(search.search(SearchRequest.of("SQL", 5).withMode(SearchRequest.Mode.KEYWORD)).stream()
                    .noneMatch(hit -> hit.item().source().endsWith("text-to-sql.pstudio")));
            assertTrue(search.search(SearchRequest.of("mood", 5).withMode(SearchRequest.Mode.KEYWORD)).get(0).item().source()
                    .endsWith("classify-sentiment.pstudio"));
        }
        assertTrue(messages.isEmpty(), () -> "no rebuild: " + messages);
    }

    @Test
    void anInterruptedIndexingLeavesTheLastCommitReadable() throws Exception {
        Path copy = workspace.resolve("copy");
        try (WorkspaceSearch search = open()) {
            search.syncPrompts(promptFiles(), line -> { });
            int committed = search.index().size();
            IndexedItem extra = new IndexedItem("chunk:x#0", IndexedItem.CHUNK, "/x", "", "uncommitted", "never committed text", List.of(), 0, "", 0);
            search.index().replaceSource("/x", "h", List.of(extra));
            // the folder as a power cut would leave it now: Lucene has written segment files but no new commit
            Files.createDirectories(copy);
            try (Stream<Path> files = Files.list(search.index().folder())) {
                for (Path file : files.filter(f -> !f.getFileName().toString().equals("write.lock")).toList()) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
            try (SearchIndex reopened = SearchIndex.open(copy, MiniLmEmbedder.shared(), SearchIndex.Options.DEFAULT, messages::add)) {
                assertFalse(reopened.wasRebuilt(), () -> "messages: " + messages);
                assertEquals(committed, reopened.size());
            }
        }
    }

    @Test
    void aCorruptIndexIsDetectedEmptiedAndRebuilt() throws Exception {
        try (WorkspaceSearch search = open()) {
            search.syncPrompts(promptFiles(), line -> { });
        }
        Path folder = WorkspaceSearch.indexFolder(workspace);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals("write.lock")).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                if (bytes.length > 64) {
                    for (int i = 32; i < bytes.length - 16; i += 97) {
                        bytes[i] ^= 0x5A;
                    }
                    Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
                }
            }
        }
        try (WorkspaceSearch search = open()) {
            assertTrue(search.index().wasRebuilt());
            assertEquals(1, messages.size());
            assertTrue(messages.get(0).contains("cannot be read") && messages.get(0).contains("rebuilt"), messages.get(0));
            assertEquals(0, search.index().size());
            assertEquals(promptFiles().size(), search.syncPrompts(promptFiles(), line -> { }).indexed());
            assertFalse(search.search(SearchRequest.of("invoice", 3)).isEmpty());
        }
    }

    @Test
    void anIndexOfAnotherEmbeddingModelIsRebuilt() throws Exception {
        try (WorkspaceSearch search = open()) {
            search.syncPrompts(promptFiles(), line -> { });
        }
        Embedder renamed = new Embedder() {
            @Override
            public String id() {
                return "another-model";
            }

            @Override
            public int dimension() {
                return 384;
            }

            @Override
            public float[] embed(String text) {
                return MiniLmEmbedder.shared().embed(text);
            }
        };
        try (WorkspaceSearch search = WorkspaceSearch.open(workspace, renamed, messages::add)) {
            assertTrue(search.index().wasRebuilt());
            assertTrue(messages.get(0).contains("was built with the embedding model all-minilm-l6-v2/384, not another-model/384"), messages.get(0));
        }
    }

    @Test
    void malformedRequestsAreRefusedWithTheReason() {
        assertEquals("the query is empty", assertThrows(IllegalArgumentException.class, () -> SearchRequest.of("  ", 5)).getMessage());
        assertEquals("the limit must be between 1 and 1000, not 0",
                assertThrows(IllegalArgumentException.class, () -> SearchRequest.of("x", 0)).getMessage());
    }

    private static List<String> titles(List<SearchHit> hits) {
        return hits.stream().map(hit -> hit.item().title()).toList();
    }
}
