package io.promptstudio.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.search.embed.MiniLmEmbedder;
import io.promptstudio.search.index.SearchIndex;
import io.promptstudio.search.ingest.Chunker;
import io.promptstudio.search.ingest.Ingestor;
import io.promptstudio.search.ingest.SourceReaders;
import io.promptstudio.search.retrieve.ContextPacker;
import io.promptstudio.search.retrieve.RetrievedChunk;
import io.promptstudio.search.retrieve.Retriever;
import io.promptstudio.search.retrieve.SourceTrust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retrieval's relevance and trust (source rules, freshness, agreement between sources) and the context packer. */
class RetrieverTest {

    @TempDir
    Path folder;

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void trustWeighsTheSourceItsAgeAndWhetherOtherSourcesAgree() throws Exception {
        Path policy = Files.writeString(Files.createDirectories(folder.resolve("policies")).resolve("refunds.md"),
                "# Refunds\n\nOrders can be refunded within 30 days of delivery.\n");
        Path blog = Files.writeString(Files.createDirectories(folder.resolve("blog")).resolve("refunds.html"),
                "<html><body><main><h1>Our refund promise</h1><p>You can get a refund for 30 days after your order arrives.</p></main></body></html>");
        Path old = Files.writeString(Files.createDirectories(folder.resolve("archive")).resolve("pets.md"),
                "# Pets\n\nDogs are welcome in the Berlin office on Fridays.\n");
        Files.setLastModifiedTime(policy, FileTime.from(NOW.minus(Duration.ofDays(1))));
        Files.setLastModifiedTime(blog, FileTime.from(NOW.minus(Duration.ofDays(1))));
        Files.setLastModifiedTime(old, FileTime.from(NOW.minus(Duration.ofDays(360))));
        SourceTrust trust = SourceTrust.parse("trust.properties", "# rules\n**/policies/** = 0.95\n**/*.html = 0.4\n");
        try (SearchIndex index = SearchIndex.open(folder.resolve(".index"), MiniLmEmbedder.shared(), SearchIndex.Options.DEFAULT, m -> { })) {
            new Ingestor(index, Chunker.standard(), SourceReaders.DEFAULT_MAX_BYTES).ingest(List.of(folder), "", (d, t, f) -> { });
            Retriever retriever = new Retriever(index, trust, Clock.fixed(NOW, ZoneOffset.UTC));
            List<RetrievedChunk> chunks = retriever.retrieve("how long do I have to ask for a refund", 5, List.of());
            RetrievedChunk fromPolicy = chunk(chunks, "policies");
            RetrievedChunk fromBlog = chunk(chunks, "blog");
            RetrievedChunk fromArchive = chunk(chunks, "archive");
            assertEquals(0.95, fromPolicy.sourceTrust());
            assertEquals(0.4, fromBlog.sourceTrust());
            assertEquals(SourceTrust.DEFAULT, fromArchive.sourceTrust());
            assertTrue(fromPolicy.agreement() > 0.6, "the blog says the same: " + fromPolicy.agreement());
            assertTrue(fromArchive.agreement() < fromPolicy.agreement(), "nobody else talks about pets: " + fromArchive.agreement());
            assertEquals(Math.pow(0.5, 360.0 / 180), fromArchive.freshness(), 1e-6, "two half-lives old");
            assertEquals(0.5 * 0.95 + 0.25 * fromPolicy.freshness() + 0.25 * fromPolicy.agreement(), fromPolicy.trust(), 1e-9);
            assertTrue(fromPolicy.trust() > fromBlog.trust());
            assertTrue(fromPolicy.relevance() > fromArchive.relevance());
            assertTrue(chunks.indexOf(fromPolicy) < chunks.indexOf(fromArchive), "ordered by relevance discounted for trust");
        }
    }

    @Test
    void thePackerFillsTheBudgetHeaviestFirstAndSkipsWhatDoesNotFit() {
        RetrievedChunk big = chunk("big", 80, 0.9, 0.9);
        RetrievedChunk small = chunk("small", 15, 0.5, 0.5);
        RetrievedChunk medium = chunk("medium", 30, 0.8, 0.8);
        ContextPacker.Packed packed = ContextPacker.pack(List.of(small, big, medium), 100);
        assertEquals(List.of("big", "small"), packed.chunks().stream().map(RetrievedChunk::id).toList(), "medium does not fit after big");
        assertEquals(95, packed.tokens());
        assertEquals(1, packed.dropped());
        assertEquals("the context budget must be at least 1 token, not 0",
                assertThrows(IllegalArgumentException.class, () -> ContextPacker.pack(List.of(big), 0)).getMessage());
    }

    @Test
    void aMalformedTrustFileIsRefusedWithItsPlace() {
        assertEquals("t:2:14: a trust must be between 0 and 1, not 1.5",
                assertThrows(IllegalArgumentException.class, () -> SourceTrust.parse("t", "# ok\n**/docs/** = 1.5\n")).getMessage());
        assertEquals("t:1:14: expected a trust between 0 and 1, found 'high'",
                assertThrows(IllegalArgumentException.class, () -> SourceTrust.parse("t", "**/docs/** = high")).getMessage());
        assertEquals("t:1:1: expected 'pattern = trust', found 'docs'",
                assertThrows(IllegalArgumentException.class, () -> SourceTrust.parse("t", "docs")).getMessage());
    }

    private static RetrievedChunk chunk(List<RetrievedChunk> chunks, String folder) {
        return chunks.stream().filter(chunk -> chunk.source().contains("/" + folder + "/")).findFirst()
                .orElseThrow(() -> new AssertionError("no chunk from " + folder + " in " + chunks));
    }

    private static RetrievedChunk chunk(String id, int tokens, double relevance, double trust) {
        return new RetrievedChunk(id, "/" + id, "", id, id, tokens, relevance, trust, trust, 1, 0);
    }
}
