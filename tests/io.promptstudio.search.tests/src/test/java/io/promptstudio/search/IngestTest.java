package io.promptstudio.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.search.embed.MiniLmEmbedder;
import io.promptstudio.search.index.IndexedItem;
import io.promptstudio.search.index.SearchHit;
import io.promptstudio.search.index.SearchIndex;
import io.promptstudio.search.index.SearchRequest;
import io.promptstudio.search.ingest.Chunk;
import io.promptstudio.search.ingest.Chunker;
import io.promptstudio.search.ingest.IngestReport;
import io.promptstudio.search.ingest.Ingestor;
import io.promptstudio.search.ingest.SourceDocument;
import io.promptstudio.search.ingest.SourceReaders;
import io.promptstudio.search.ingest.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest of real files: Markdown, HTML, PDFs written by PDFBox, and the bad files that must be skipped. */
class IngestTest {

    @TempDir
    Path folder;

    @Test
    void markdownIsChunkedUnderItsHeadings() throws Exception {
        Path file = Files.writeString(folder.resolve("refunds.md"), """
                ---
                owner: support
                ---
                # Refund policy

                Customers can return **any item** within 30 days of delivery. See [the form](https://example.invalid/form).

                ## Exceptions

                Gift cards and opened software are not refundable.

                ```
                refund --order 123
                ```
                """);
        SourceDocument document = SourceReaders.read(file, SourceReaders.DEFAULT_MAX_BYTES);
        assertEquals("Refund policy", document.title());
        assertEquals(2, document.sections().size());
        assertEquals(List.of("Refund policy", "Exceptions"), document.sections().get(1).headings());
        assertEquals("Customers can return any item within 30 days of delivery. See the form.", document.sections().get(0).blocks().get(0));
        assertTrue(document.sections().get(1).blocks().get(1).startsWith("```"), "code stays as written");
        assertFalse(String.join(" ", document.sections().get(0).blocks()).contains("owner"), "front matter is not content");
        List<Chunk> chunks = Chunker.standard().chunks(document);
        assertEquals(2, chunks.size(), "a chunk never crosses a heading");
        assertEquals("Refund policy › Exceptions", chunks.get(1).location());
        assertEquals("Exceptions", chunks.get(1).heading());
    }

    @Test
    void htmlLosesItsBoilerplate() throws Exception {
        Path file = Files.writeString(folder.resolve("page.html"), """
                <html><head><title>Shipping</title><script>track()</script><style>p{}</style></head><body>
                <nav><a href="/">Home</a> <a href="/shop">Shop</a></nav>
                <header>ACME store</header>
                <main><h1>Shipping times</h1><p>Orders ship within <b>3 days</b>.</p><ul><li>Express: next day</li></ul></main>
                <aside>Related posts</aside><footer>© ACME · Cookie settings</footer>
                </body></html>
                """);
        SourceDocument document = SourceReaders.read(file, SourceReaders.DEFAULT_MAX_BYTES);
        assertEquals("Shipping", document.title());
        assertEquals(List.of("Shipping times"), document.sections().get(0).headings());
        assertEquals(List.of("Orders ship within 3 days.", "Express: next day"), document.sections().get(0).blocks());
    }

    @Test
    void pdfPagesLoseRunningHeadersAndPageNumbers() throws Exception {
        Path file = folder.resolve("handbook.pdf");
        writePdf(file, List.of("Vacation is 25 days a year for every employee.", "Sick leave needs a note after three days.",
                "Remote work is allowed two days a week."), null);
        SourceDocument document = SourceReaders.read(file, SourceReaders.DEFAULT_MAX_BYTES);
        assertEquals("pdf", document.format());
        assertEquals(3, document.sections().size());
        assertEquals(2, document.sections().get(1).page());
        String all = document.sections().stream().flatMap(section -> section.blocks().stream()).reduce("", (a, b) -> a + "|" + b);
        assertFalse(all.contains("ACME Confidential"), all);
        assertFalse(all.matches(".*\\|\\d+\\|.*|.*\\|\\d+$"), all);
        assertTrue(all.contains("Sick leave needs a note after three days."), all);
        assertEquals("page 2", document.sections().get(1).location());
    }

    @Test
    void badFilesAreSkippedWithTheirReasonAndNeverStopTheIngest() throws Exception {
        Path docs = Files.createDirectories(folder.resolve("docs"));
        writePdf(docs.resolve("locked.pdf"), List.of("Secret salaries"), "owner-secret");
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);
        Files.write(docs.resolve("junk.txt"), junk);
        Files.write(docs.resolve("fake.pdf"), junk);
        Files.writeString(docs.resolve("latin1.md"), "caf\u00e9", java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.writeString(docs.resolve("huge.txt"), "word ".repeat(300_000));
        Files.writeString(docs.resolve("good.md"), "# Onboarding\n\nNew hires get a laptop on their first day.\n");
        Files.writeString(docs.resolve("image.png"), "not read at all");
        Path index = folder.resolve("index");
        try (SearchIndex search = SearchIndex.open(index, MiniLmEmbedder.shared(), SearchIndex.Options.DEFAULT, message -> { })) {
            List<String> progress = new ArrayList<>();
            IngestReport report = new Ingestor(search, Chunker.standard(), 1_000_000).ingest(List.of(docs, folder.resolve("missing.md")), "hr",
                    (done, total, file) -> progress.add(done + "/" + total));
            assertEquals(1, report.indexed(), () -> "skipped: " + report.skipped());
            assertEquals(1, report.chunks());
            assertEquals(6, report.skipped().size(), () -> "skipped: " + report.skipped());
            assertEquals("6/6", progress.get(progress.size() - 1));
            assertReason(report, "locked.pdf", "an encrypted PDF (it needs a password)");
            assertReason(report, "junk.txt", "binary data (a NUL byte at byte");
            assertReason(report, "fake.pdf", "not a readable PDF");
            assertReason(report, "latin1.md", "not UTF-8 text");
            assertReason(report, "huge.txt", "the file has 1500000 bytes, over the limit of 1000000");
            assertReason(report, "missing.md", "no such file or folder");
            List<SearchHit> hits = search.search(SearchRequest.of("what do new employees receive on day one", 3));
            assertEquals("Onboarding", hits.get(0).item().title());
            assertEquals("hr", hits.get(0).item().project());
            assertEquals(IndexedItem.CHUNK, hits.get(0).item().type());
        }
    }

    @Test
    void unchangedFilesAreSkippedAndDuplicateChunksDropped() throws Exception {
        Files.writeString(folder.resolve("a.md"), "# Rotation\n\nPasswords rotate every 90 days.\n\n# MFA\n\nMFA is required for admins.\n");
        Files.writeString(folder.resolve("b.md"), "# Copy\n\nPasswords  rotate every 90 days!\n");
        try (SearchIndex search = SearchIndex.open(folder.resolve(".index"), MiniLmEmbedder.shared(), SearchIndex.Options.DEFAULT, m -> { })) {
            Ingestor ingestor = new Ingestor(search, new Chunker(16, 4), SourceReaders.DEFAULT_MAX_BYTES);
            IngestReport first = ingestor.ingest(List.of(folder), "", (d, t, f) -> { });
            assertEquals(2, first.indexed(), () -> first.toString());
            assertEquals(1, first.duplicates(), "b.md repeats a paragraph of a.md");
            IngestReport second = ingestor.ingest(List.of(folder), "", (d, t, f) -> { });
            assertEquals(0, second.indexed());
            assertEquals(2, second.unchanged());
        }
    }

    @Test
    void chunksKeepToTheBudgetAndOverlap() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            text.append("Sentence number ").append(i).append(" talks about topic ").append(i % 7).append(". ");
        }
        SourceDocument document = new SourceDocument("/s", "text", "", List.of(new SourceDocument.Section(List.of(), List.of(text.toString()), 0)));
        List<Chunk> chunks = new Chunker(64, 12).chunks(document);
        assertTrue(chunks.size() > 3);
        for (Chunk chunk : chunks) {
            assertTrue(chunk.tokens() <= 64, chunk.tokens() + " tokens: " + chunk.text());
        }
        for (int i = 1; i < chunks.size(); i++) {
            String previous = chunks.get(i - 1).text();
            String lastSentence = previous.substring(previous.lastIndexOf("Sentence number"));
            assertTrue(chunks.get(i).text().startsWith(lastSentence), "chunk " + i + " starts with the end of the one before");
        }
        assertEquals(6, Tokens.count("Refunds take 30 days."), "Refunds 2, take 1, 30 1, days 1, the stop 1");
    }

    private static void assertReason(IngestReport report, String file, String reason) {
        IngestReport.Skipped skipped = report.skipped().stream().filter(s -> s.file().endsWith(file)).findFirst()
                .orElseThrow(() -> new AssertionError(file + " not skipped: " + report.skipped()));
        assertTrue(skipped.reason().startsWith(reason), skipped.reason());
    }

    /** A PDF with a running header and a page number on each page, encrypted when a password is given. */
    static void writePdf(Path file, List<String> pages, String ownerPassword) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int i = 0; i < pages.size(); i++) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    line(content, font, 50, 750, "ACME Confidential");
                    line(content, font, 50, 700, pages.get(i));
                    line(content, font, 300, 40, Integer.toString(i + 1));
                }
            }
            if (ownerPassword != null) {
                StandardProtectionPolicy policy = new StandardProtectionPolicy(ownerPassword, "user-secret", new AccessPermission());
                document.protect(policy);
            }
            document.save(file.toFile());
        }
    }

    private static void line(PDPageContentStream content, PDType1Font font, float x, float y, String text) throws IOException {
        content.beginText();
        content.setFont(font, 12);
        content.newLineAtOffset(x, y);
        content.showText(text);
        content.endText();
    }
}
