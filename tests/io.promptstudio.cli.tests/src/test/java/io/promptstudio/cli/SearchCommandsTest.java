package io.promptstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.tests.support.providers.FakeProviderServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code search}, {@code ingest}, {@code retrieve}, {@code cache} and {@code run --cache} on real folders, a real index and H2 files. */
class SearchCommandsTest {

    @TempDir
    Path dir;

    private final FakeProviderServer server;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    SearchCommandsTest() throws Exception {
        server = new FakeProviderServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine line = PromptStudioCli.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    private Path workspace(String temperature) throws Exception {
        Path project = Files.createDirectories(dir.resolve("support"));
        Files.writeString(project.resolve("answer.pstudio"), """
                profile fake {
                  provider = "openai-compatible"
                  endpoint = "%s"
                  model = "gpt-4o-mini"
                  %s
                }

                /** Answers a customer's question about their account.
                    @tag support */
                prompt Answer(question: string) -> string using fake {
                  user "Answer briefly: {{ question }}"
                }
                """.formatted(server.endpoint(), temperature));
        return dir;
    }

    @Test
    void ingestThenSearchAndRetrieve() throws Exception {
        Path workspace = workspace("temperature = 0");
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("passwords.md"), "# Passwords\n\nPasswords can be reset from the sign-in page with the 'Forgot password' link.\n");
        Files.write(docs.resolve("broken.pdf"), new byte[] {1, 2, 3, 0, 5});
        assertEquals(0, run("ingest", docs.toString(), "--workspace", workspace.toString(), "--project", "support"), err.toString());
        assertEquals("ingested 1 file (1 chunks); 0 unchanged; 0 duplicate chunks dropped; 1 skipped\n", out.toString());
        assertTrue(err.toString().contains("skipped " + CliPaths.shown(docs.resolve("broken.pdf")) + ": not a readable PDF"), err.toString());

        assertEquals(0, run("search", "forgot my password", "--workspace", workspace.toString(), "--type", "chunk", "--format", "json"), err.toString());
        var hits = new ObjectMapper().readTree(out.toString());
        assertEquals("Passwords", hits.get(0).get("title").asText());
        assertEquals("support", hits.get(0).get("project").asText());

        assertEquals(0, run("search", "answer a customer question", "--workspace", workspace.toString(), "--tag", "support"), err.toString());
        assertTrue(out.toString().startsWith("1. Answer  [prompt]  "), out.toString());

        assertEquals(0, run("retrieve", "how do I reset my password", "--workspace", workspace.toString(), "--format", "json"), err.toString());
        var passages = new ObjectMapper().readTree(out.toString());
        assertEquals(1, passages.size());
        assertTrue(passages.get(0).get("text").asText().contains("Forgot password"));
        assertTrue(passages.get(0).get("trust").asDouble() > 0);
    }

    @Test
    void badArgumentsAreRefusedWithTheReason() throws Exception {
        Path workspace = workspace("temperature = 0");
        assertEquals(2, run("search", "x", "--workspace", workspace.toString(), "--mode", "fuzzy"));
        assertEquals("promptstudio search: --mode must be hybrid, keyword or vector, not 'fuzzy'\n", err.toString());
        assertEquals(2, run("search", " ", "--workspace", workspace.toString()));
        assertEquals("promptstudio search: the query is empty\n", err.toString());
        assertEquals(2, run("search", "x", "--workspace", dir.resolve("nope").toString()));
        assertTrue(err.toString().contains("is not a folder"), err.toString());
        assertEquals(1, run("ingest", dir.resolve("missing.md").toString(), "--workspace", workspace.toString()));
        assertTrue(err.toString().contains("missing.md: no such file or folder"), err.toString());
    }

    @Test
    void runWithTheCacheAnswersAParaphraseFromItButNotTheOppositeQuestion() throws Exception {
        Path workspace = workspace("temperature = 0");
        Path cache = dir.resolve("cache");
        Path history = dir.resolve("history");
        server.answer("gpt-4o-mini", "Use the Forgot password link.", 40, 8);
        String[] common = {"--cache", "--cache-file", cache.toString(), "--history", history.toString()};
        assertEquals(0, run(concat(new String[] {"run", "Answer", workspace.toString(), "--arg", "question=How do I reset my password?"}, common)),
                err.toString());
        assertTrue(err.toString().contains("cache: miss; the answer is stored"), err.toString());
        assertEquals(0, run(concat(new String[] {"run", "Answer", workspace.toString(), "--arg", "question=How can I reset my password?"}, common)),
                err.toString());
        assertEquals("Use the Forgot password link.\n", out.toString());
        assertTrue(err.toString().contains("cache: hit (similarity"), err.toString());
        assertEquals(1, server.received().size(), "the paraphrase was answered from the cache");

        server.answer("gpt-4o-mini", "Resetting is required every 90 days.", 40, 8);
        assertEquals(0, run(concat(new String[] {"run", "Answer", workspace.toString(), "--arg", "question=Why can't I reset my password?"}, common)),
                err.toString());
        assertEquals("Resetting is required every 90 days.\n", out.toString());
        assertEquals(2, server.received().size(), "the negated question went to the model");

        assertEquals(0, run("history", "--history", history.toString(), "--format", "json"));
        var runs = new ObjectMapper().readTree(out.toString());
        assertEquals(3, runs.size());
        assertTrue(runs.get(1).get("cache").asText().startsWith("semantic-hit 0.9"), runs.toString());
        assertEquals(0, runs.get(1).get("cost_usd").asDouble());

        assertEquals(0, run("cache", "stats", "--cache", cache.toString()));
        assertTrue(out.toString().contains("entries:        2\n"), out.toString());
        assertTrue(out.toString().contains("hits:           1 (0 exact, 1 similar)\n"), out.toString());
        assertTrue(out.toString().contains("saved:          40 input and 8 output tokens"), out.toString());
        assertEquals(0, run("cache", "clear", "--cache", cache.toString()));
        assertEquals("removed 2 entries\n", out.toString());
    }

    @Test
    void theCacheIsNotUsedAtANonZeroTemperatureUnlessAsked() throws Exception {
        Path workspace = workspace("temperature = 0.7");
        server.answer("gpt-4o-mini", "One.", 10, 1).answer("gpt-4o-mini", "Two.", 10, 1);
        String[] args = {"run", "Answer", workspace.toString(), "--arg", "question=Hi?", "--cache", "--cache-file", dir.resolve("cache").toString(),
            "--history", dir.resolve("history").toString()};
        assertEquals(0, run(args));
        assertTrue(err.toString().contains("cache: not used: the profile's temperature is 0.7, not 0"), err.toString());
        assertEquals(0, run(args));
        assertEquals("Two.\n", out.toString());
        assertEquals(2, server.received().size());
    }

    @Test
    void runWithRetrieveFillsAPassageParameterWithRetrievedChunks() throws Exception {
        Path project = Files.createDirectories(dir.resolve("rag"));
        Files.writeString(project.resolve("ground.pstudio"), """
                profile fake {
                  provider = "openai-compatible"
                  endpoint = "%s"
                  model = "gpt-4o-mini"
                  temperature = 0
                }

                class Passage {
                  id: string
                  text: string
                  score: float
                }

                prompt Ground(question: string, passages: Passage[]) -> string using fake {
                  user \"\"\"
                    {%% for passage in passages %%}[{{ passage.id }}] {{ passage.text }}
                    {%% endfor %%}Question: {{ question }}
                  \"\"\"
                }
                """.formatted(server.endpoint()));
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("returns.md"), "# Returns\n\nGift cards cannot be returned.\n");
        assertEquals(0, run("ingest", docs.toString(), "--workspace", dir.toString()), err.toString());
        server.answer("gpt-4o-mini", "No, gift cards cannot be returned.", 60, 8);
        assertEquals(0, run("run", "Ground", project.toString(), "--arg", "question=Can I return a gift card?", "--retrieve", "passages",
                "--workspace", dir.toString(), "--history", dir.resolve("history").toString()), err.toString());
        assertTrue(err.toString().contains("retrieved 1 passage ("), err.toString());
        String sent = server.received().get(0).json().get("messages").get(0).get("content").asText();
        assertTrue(sent.contains("] Gift cards cannot be returned."), sent);
        assertTrue(sent.contains("[chunk:" + docs.resolve("returns.md").toRealPath() + "#0]"), sent);

        assertEquals(2, run("run", "Ground", project.toString(), "--arg", "question=x", "--retrieve", "question", "--workspace", dir.toString()));
        assertEquals("promptstudio run: --retrieve question: the parameter must be a list of records (such as Passage[]), not string\n", err.toString());
        assertEquals(2, run("run", "Ground", project.toString(), "--retrieve", "passages", "--workspace", dir.toString()));
        assertTrue(err.toString().contains("name the question's parameter, as --retrieve passages=PARAM (text arguments given: none)"), err.toString());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
