package io.promptstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.tests.support.providers.FakeProviderServer;
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

    private final FakeProviderServer server;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    RunCommandTest() throws Exception {
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

                test Angry for Classify {
                  input {
                    review = "Broke in a day"
                  }
                  expect {
                    output.sentiment == Sentiment.NEGATIVE
                    output.confidence >= 0.5
                  }
                }

                test Happy for Classify {
                  input {
                    review = "Love it"
                  }
                  expect {
                    output.sentiment == Sentiment.POSITIVE and output.confidence > 0.8
                  }
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
        assertTrue(err.toString().matches("(?s).*model gpt-4o-mini · 1000 in / 200 out tokens · \\$0\\.000270 · \\d+ ms \\(first token \\d+ ms\\)\\n"),
                err.toString());
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
        assertTrue(runs.get(0).get("first_token_ms").isNumber(), runs.toString());
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
    void testsRunAgainstTheModelAndTheirExpectationsAreDecidedOnTheTypedOutput() throws Exception {
        Path folder = workspace();
        Path junit = dir.resolve("results.xml");
        server.answer("gpt-4o-mini", "{\"sentiment\": \"NEGATIVE\", \"confidence\": 0.9}", 100, 10);
        server.answer("gpt-4o-mini", "{\"sentiment\": \"POSITIVE\", \"confidence\": 0.6}", 100, 10);
        assertEquals(1, run("test", folder.toString(), "--history", dir.resolve("history").toString(), "--junit-xml", junit.toString()));
        String printed = out.toString();
        assertTrue(printed.startsWith("PASS Angry (Classify)  model gpt-4o-mini · 100 in / 10 out tokens · $0.000021 · "), printed);
        assertTrue(printed.lines().findFirst().orElseThrow().matches(".* \\d+ ms \\(first token \\d+ ms\\)"), printed);
        assertTrue(printed.contains("FAIL Happy (Classify)\n  input:  {\"review\":\"Love it\"}\n"
                + "  output: {\"sentiment\":\"POSITIVE\",\"confidence\":0.6}\n"
                + "  expected output.sentiment == Sentiment.POSITIVE and output.confidence > 0.8 — output.sentiment was \"POSITIVE\", "
                + "output.confidence was 0.6\n"), printed);
        assertTrue(printed.endsWith("1 passed, 1 failed\n"), printed);
        assertTrue(err.toString().contains("[1/2] Angry\n[2/2] Happy\n"), err.toString());
        String xml = Files.readString(junit);
        assertTrue(xml.contains("<testsuite name=\"promptstudio\" tests=\"2\" failures=\"1\""), xml);
        assertTrue(xml.contains("<testcase classname=\"Classify\" name=\"Angry\""), xml);
        assertTrue(xml.contains("<failure message=\"output.sentiment == Sentiment.POSITIVE and output.confidence &gt; 0.8"), xml);
        assertEquals("Love it", server.received().get(1).json().get("messages").get(1).get("content").asText());
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
