package io.promptstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.runtime.tests.FakeOpenAiServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code promptstudio run} against a local server speaking OpenAI's protocol, and {@code history} showing the run. */
class RunCommandTest {

    @TempDir
    Path dir;

    private final FakeOpenAiServer server;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    RunCommandTest() throws Exception {
        server = new FakeOpenAiServer();
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

    private Path workspace() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("prompts"));
        Files.writeString(folder.resolve("sentiment.pstudio"), """
                enum Sentiment { POSITIVE, NEGATIVE }

                class Reading {
                  sentiment: Sentiment
                  confidence: float @range(0, 1)
                }

                profile local_fake {
                  provider = "openai-compatible"
                  endpoint = "%s"
                  model = "gpt-4o-mini"
                  temperature = 0
                  seed = 7
                }

                prompt Classify(review: string) -> Reading using local_fake {
                  system "Classify the review. {{ output_format }}"
                  user "{{ review }}"
                }
                """.formatted(server.endpoint()));
        return folder;
    }

    @Test
    void aRunPrintsTheTypedOutputWithTokensCostAndLatencyAndIsRecorded() throws Exception {
        Path folder = workspace();
        Path history = dir.resolve("history");
        server.answer("gpt-4o-mini", "Sure!\n```json\n{\"sentiment\": \"negative\", \"confidence\": 0.9}\n```", 1000, 200);

        assertEquals(0, run("run", "Classify", folder.toString(), "--arg", "review=Broke in a day", "--history", history.toString()), err.toString());
        assertEquals("{\n  \"sentiment\" : \"NEGATIVE\",\n  \"confidence\" : 0.9\n}\n", out.toString());
        assertTrue(err.toString().contains("repaired: $.sentiment: read 'negative' as 'NEGATIVE'"), err.toString());
        assertTrue(err.toString().matches("(?s).*model gpt-4o-mini · 1000 in / 200 out tokens · \\$0\\.000270 · \\d+ ms\\n"), err.toString());
        var sent = server.received().get(0).json();
        assertEquals("Broke in a day", sent.get("messages").get(1).get("content").asText());
        assertEquals(7, sent.get("seed").asInt());

        assertEquals(0, run("history", "--history", history.toString(), "--format", "json"));
        var runs = new ObjectMapper().readTree(out.toString());
        assertEquals(1, runs.size());
        assertEquals("Classify", runs.get(0).get("prompt").asText());
        assertEquals("succeeded", runs.get(0).get("status").asText());
        assertEquals(0.00027, runs.get(0).get("cost_usd").asDouble(), 1e-12);
        assertEquals(64, runs.get(0).get("prompt_hash").asText().length());
    }

    @Test
    void failedRunsAreRecordedTooAndSaySpecificallyWhatWentWrong() throws Exception {
        Path folder = workspace();
        Path history = dir.resolve("history");
        server.reply(401, "{\"error\": {\"message\": \"Incorrect API key provided\"}}", Map.of());
        assertEquals(1, run("run", "Classify", folder.toString(), "--arg", "review=x", "--history", history.toString()));
        assertTrue(err.toString().startsWith("promptstudio run: authentication: "), err.toString());
        server.answer("gpt-4o-mini", "I cannot tell.", 10, 4);
        assertEquals(1, run("run", "Classify", folder.toString(), "--arg", "review=x", "--history", history.toString()));
        assertTrue(err.toString().startsWith("promptstudio run: unparsable-output: the answer is not a value of the output type: "
                + "$: the answer contains no JSON value"), err.toString());
        assertEquals(0, run("history", "--history", history.toString(), "--status", "failed"));
        assertEquals(2, out.toString().lines().count(), out.toString());

        assertEquals(2, run("run", "Classify", folder.toString(), "--history", history.toString()));
        assertEquals("promptstudio run: argument review: required parameter of type string is not given\n", err.toString());
        assertEquals(2, run("run", "Classify", folder.toString(), "--profile", "nope", "--arg", "review=x", "--history", history.toString()));
        assertEquals("promptstudio run: no profile named 'nope'; profiles: local_fake\n", err.toString());
    }

    @Test
    void aDamagedHistoryStopsTheRunBeforeAnyRequest() throws Exception {
        Path folder = workspace();
        Files.writeString(dir.resolve("history.mv.db"), "not a database".repeat(100));
        assertEquals(2, run("run", "Classify", folder.toString(), "--arg", "review=x", "--history", dir.resolve("history").toString()));
        assertTrue(err.toString().contains("cannot open the run history"), err.toString());
        assertEquals(0, server.received().size());
    }
}
