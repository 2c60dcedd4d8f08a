package io.promptstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.tests.support.providers.FakeProviderServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code promptstudio eval} against a local server speaking OpenAI's protocol: the summary, the exit code, the reports. */
class EvalCommandTest {

    @TempDir
    Path dir;

    private final FakeProviderServer server;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    EvalCommandTest() throws Exception {
        server = new FakeProviderServer();
        // The "strict" version labels by the review; the "lazy" one says POSITIVE to everything.
        server.answering("gpt-4o-mini", request -> {
            JsonNode messages = request.path("messages");
            boolean lazy = messages.get(0).path("content").asText().startsWith("Lazy");
            boolean negative = messages.get(messages.size() - 1).path("content").asText().contains("broke");
            return "{\"sentiment\": \"" + (negative && !lazy ? "NEGATIVE" : "POSITIVE") + "\", \"confidence\": 0.9}";
        });
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

    private Path suite() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("prompts"));
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            rows.append(i % 2 == 0 ? "{\"review\": \"it broke on day " + i + "\", \"expected\": {\"sentiment\": \"NEGATIVE\"}}\n"
                    : "{\"review\": \"works, day " + i + "\", \"expected\": {\"sentiment\": \"POSITIVE\"}}\n");
        }
        Files.writeString(folder.resolve("reviews.jsonl"), rows);
        return Files.writeString(folder.resolve("sentiment.pstudio"), """
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
                }

                prompt Strict(review: string) -> Reading using local_fake {
                  system "Strict. {{ output_format }}"
                  user "{{ review }}"
                }

                prompt Lazy(review: string) -> Reading using local_fake {
                  system "Lazy. {{ output_format }}"
                  user "{{ review }}"
                }

                dataset Reviews for Strict from "reviews.jsonl"

                eval StrictOnly {
                  prompts Strict
                  dataset Reviews
                  assert {
                    label: output.sentiment == expected.sentiment
                  }
                }

                eval Versions {
                  prompts Strict, Lazy
                  dataset Reviews
                  assert {
                    label: output.sentiment == expected.sentiment
                  }
                }
                """.formatted(server.endpoint()));
    }

    @Test
    void aPassingSuiteExitsZeroAndWritesItsReports() throws Exception {
        Path file = suite();
        Path report = dir.resolve("report.json");
        Path junit = dir.resolve("eval.xml");
        int code = run("eval", file + "#StrictOnly", "--history", dir.resolve("history").toString(), "--cache", dir.resolve("cache").toString(), "-o", report.toString(), "--junit-xml",
                junit.toString(), "--max-concurrency", "3");
        assertEquals(0, code, out + "\n" + err);
        assertTrue(out.toString().contains("Strict") && out.toString().contains("30/30 passed (100.0 %)"), out.toString());
        assertTrue(out.toString().endsWith("PASS\n"), out.toString());
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertTrue(json.path("passed").asBoolean());
        assertEquals(30, json.path("variants").get(0).path("passed").asInt());
        assertTrue(Files.readString(junit).contains("tests=\"30\" failures=\"0\" errors=\"0\""));
        assertEquals(30, server.received().size(), "similar rows are each asked: the cache answers identical inputs only");

        assertEquals(0, run("eval", file + "#StrictOnly", "--history", dir.resolve("history").toString(), "--cache", dir.resolve("cache")
                .toString()));
        assertEquals(30, server.received().size(), "run again, every case is answered from the cache");
        assertEquals(0, run("eval", file + "#StrictOnly", "--history", dir.resolve("history").toString(), "--no-cache"));
        assertEquals(60, server.received().size(), "--no-cache asks the provider");
    }

    @Test
    void aWorseVersionFailsTheSuiteAndTheComparisonSaysSo() throws Exception {
        Path file = suite();
        Path lines = dir.resolve("cases.jsonl");
        int code = run("eval", file + "#Versions", "--history", dir.resolve("history").toString(), "--cache", dir.resolve("cache").toString(), "-o", lines.toString());
        assertEquals(1, code, out + "\n" + err);
        assertTrue(out.toString().contains("Lazy vs Strict: B worse"), out.toString());
        assertTrue(out.toString().contains("15/30 passed (50.0 %)"), out.toString());
        assertTrue(out.toString().contains("FAIL reviews.jsonl:1 on Lazy: label: output.sentiment == expected.sentiment"), out.toString());
        assertTrue(out.toString().contains("… and 5 more failed or erred on Lazy (every case: -o FILE.jsonl)"), out.toString());
        List<String> written = Files.readAllLines(lines);
        assertEquals(60, written.size(), "a case a line");
        assertTrue(written.stream().allMatch(line -> line.startsWith("{\"row\":")), written.get(0));

        Path page = dir.resolve("report.html");
        assertEquals(1, run("eval", file + "#Versions", "--history", dir.resolve("history").toString(), "--cache", dir.resolve("cache")
                .toString(), "-o", page.toString()));
        String html = Files.readString(page);
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<h1>eval Versions</h1>") && html.contains("B worse"), html);
        assertTrue(html.contains("<svg") && html.contains("aria-label=\"pass rate per variant\""), "the charts are inline SVG");
        assertTrue(html.contains("output.sentiment was &quot;POSITIVE&quot;"), "reasons are escaped");
        assertTrue(!html.contains("<script"), "no script: the page works offline and from a file");
    }

    @Test
    void badUsageIsExitTwoWithWhatToDo() throws Exception {
        Path file = suite();
        assertEquals(2, run("eval", file.toString()));
        assertTrue(err.toString().contains("FILE#EVAL"), err.toString());
        assertEquals(2, run("eval", file + "#Nope"));
        assertTrue(err.toString().contains("has no eval 'Nope' (evals: StrictOnly, Versions)"), err.toString());
        assertEquals(2, run("eval", dir.resolve("missing.pstudio") + "#X"));
        assertEquals(2, run("eval", file + "#StrictOnly", "--repeat", "0"));
        assertEquals(2, run("eval", file + "#StrictOnly", "-o", dir.resolve("report.pdf").toString()));
        assertEquals(2, run("eval", file + "#StrictOnly", "--budget", "0"));
        assertTrue(err.toString().contains("--budget is an amount in dollars above 0"), err.toString());
        assertEquals(2, run("eval", file + "#StrictOnly", "--budget", "lots"));
        assertEquals(0, server.received().size(), "nothing ran");
    }

    @Test
    void aDatasetFileThatIsNotTextStopsTheSuiteAndABadRowIsShownWithItsPlace() throws Exception {
        Path file = suite();
        Files.write(file.resolveSibling("reviews.jsonl"), new byte[] {(byte) 0xC3, (byte) 0x28, 0x0A});
        assertEquals(1, run("eval", file + "#StrictOnly", "--history", dir.resolve("history").toString(), "--cache", dir.resolve("cache").toString()));
        assertTrue(err.toString().contains("reviews.jsonl is not UTF-8 text"), err.toString());
        Files.writeString(file.resolveSibling("reviews.jsonl"), "{\"review\": \"fine\", \"expected\": \"POSITIVE\"}\n");
        assertEquals(1, run("eval", file + "#StrictOnly", "--history", dir.resolve("history").toString(), "--cache", dir.resolve("cache").toString()));
        assertTrue(out.toString().contains("ERROR reviews.jsonl:1 on Strict: reviews.jsonl:1:20: expected: expected an object (Reading)"),
                out.toString());
    }

    @Test
    void aRunCutShortIsResumedWithoutAskingAgainAndTheRunsAreListedWithTheirTrend() throws Exception {
        Path file = suite();
        String store = dir.resolve("evals").toString();
        String history = dir.resolve("history").toString();
        assertEquals(1, run("eval", file + "#StrictOnly", "--store", store, "--history", history, "--no-cache", "--max-concurrency", "1",
                "--budget", "0.00005"));
        assertTrue(out.toString().contains("(stopped: the budget was spent)"), out.toString());
        java.util.regex.Matcher started = java.util.regex.Pattern.compile("eval run ([0-9a-f]{8}) ").matcher(err.toString());
        assertTrue(started.find(), err.toString());
        String id = started.group(1);
        int asked = server.received().size();
        assertTrue(asked > 2 && asked < 30, asked + " cases before the budget ran out");

        assertEquals(0, run("eval", file + "#StrictOnly", "--store", store, "--history", history, "--no-cache", "--resume", id), out + "\n" + err);
        assertTrue(err.toString().contains("eval run " + id + ": resuming, " + asked + " cases already done"), err.toString());
        assertEquals(30, server.received().size(), "only the cases not done were asked");
        assertTrue(out.toString().contains("30/30 passed (100.0 %)"), "the outcome counts the cases done before too: " + out);

        assertEquals(1, run("eval", file + "#StrictOnly", "--store", store, "--resume", id));
        assertTrue(err.toString().contains("went to its end (passed); nothing to resume"), err.toString());
        assertEquals(2, run("eval", file + "#StrictOnly", "--store", store, "--resume", "feedbeef"));
        assertTrue(err.toString().contains("no run 'feedbeef' in the eval store"), err.toString());

        assertEquals(1, run("eval", file + "#Versions", "--store", store, "--history", history, "--no-cache"));
        Files.writeString(file.resolveSibling("reviews.jsonl"), "{\"review\": \"it broke\", \"expected\": {\"sentiment\": \"NEGATIVE\"}}\n");
        assertEquals(0, run("eval", file + "#StrictOnly", "--store", store, "--history", history, "--no-cache", "--budget", "0.0000001"),
                out + "\n" + err);
        // one case spends the tiny budget, and it was the only one: the run went to its end
        started = java.util.regex.Pattern.compile("eval run ([0-9a-f]{8}) ").matcher(err.toString());
        assertTrue(started.find());
        Files.writeString(file.resolveSibling("reviews.jsonl"), "{\"review\": \"fine\", \"expected\": {\"sentiment\": \"POSITIVE\"}}\n"
                + "{\"review\": \"it broke\", \"expected\": {\"sentiment\": \"NEGATIVE\"}}\n");

        assertEquals(0, run("eval-runs", "StrictOnly", "--store", store));
        String listed = out.toString();
        assertTrue(listed.startsWith(started.group(1)) && listed.contains("StrictOnly") && listed.contains(id), listed);
        assertTrue(listed.contains("1/1 passed (100.0 %) (+0.0 points)"), listed);
        assertEquals(0, run("eval-runs", "--store", store, "--last", "1"));
        assertEquals(2, out.toString().lines().count(), "one run, with its one variant: " + out);
        assertEquals(2, run("eval-runs", "--store", store, "--last", "0"));
    }

    @Test
    void compareRunsTwoVersionsOnAnEvalsRowsAndGivesTheVerdict() throws Exception {
        Path file = suite();
        String store = dir.resolve("evals").toString();
        String history = dir.resolve("history").toString();
        assertEquals(1, run("compare", "Strict", "Lazy", "--eval", file + "#StrictOnly", "--store", store, "--history", history, "--no-cache"),
                out + "\n" + err);
        assertTrue(out.toString().contains("Lazy vs Strict: B worse"), out.toString());
        assertTrue(out.toString().contains("15/30 passed"), "Lazy calls the 15 broken kettles positive: " + out);
        assertEquals(60, server.received().size());

        assertEquals(2, run("compare", "Strict", "Nope", "--eval", file + "#StrictOnly", "--store", store));
        assertTrue(err.toString().contains("no prompt named 'Nope'; prompts: Lazy, Strict"), err.toString());
        assertEquals(2, run("compare", "Strict", "Strict@missing", "--eval", file + "#StrictOnly", "--store", store));
        assertTrue(err.toString().contains("no profile 'missing' (profiles: local_fake)"), err.toString());
        assertEquals(2, run("compare", "Strict", "Strict", "--eval", file + "#StrictOnly", "--store", store));
        assertTrue(err.toString().contains("names each variant once"), err.toString());
        assertEquals(2, run("compare", "Strict", "Lazy"));
        assertEquals(60, server.received().size(), "nothing ran");
    }

    @Test
    void aPromptAsItWasAtAGitRevisionIsComparedWithItsEditedSelf() throws Exception {
        Path file = suite();
        Path folder = file.getParent();
        git(folder, "init", "-q");
        git(folder, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".");
        git(folder, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "strict");
        // the edit makes Strict as lazy as Lazy
        Files.writeString(file, Files.readString(file).replace("system \"Strict. {{ output_format }}\"", "system \"Lazy. {{ output_format }}\""));
        assertEquals(1, run("compare", "Strict:HEAD", "Strict", "--eval", file + "#StrictOnly", "--store", dir.resolve("evals").toString(),
                "--history", dir.resolve("history").toString(), "--no-cache"), out + "\n" + err);
        // the file has no namespace: the old version's is at_HEAD
        assertTrue(out.toString().contains("  Strict vs at_HEAD.Strict: B worse"), out.toString());
        assertTrue(out.toString().lines().anyMatch(line -> line.strip().startsWith("at_HEAD.Strict ") && line.contains("30/30 passed")),
                out.toString());
        try (var left = Files.list(folder)) {
            assertEquals(List.of(), left.filter(path -> path.getFileName().toString().startsWith(".sentiment")).toList(),
                    "the copy of the old version is gone");
        }
        assertEquals(2, run("compare", "Strict:no-such-revision", "Strict", "--eval", file + "#StrictOnly", "--store",
                dir.resolve("evals").toString()));
        assertTrue(err.toString().contains("git cannot show") && err.toString().contains("no-such-revision"), err.toString());
    }

    @Test
    void aPromptVersionTheHistoryKeptIsComparedWithItsEditedSelf() throws Exception {
        Path file = suite();
        String history = dir.resolve("history").toString();
        String store = dir.resolve("evals").toString();
        assertEquals(0, run("eval", file + "#StrictOnly", "--store", store, "--history", history, "--no-cache"), out + "\n" + err);
        String version;
        try (io.promptstudio.store.RunHistory runs = io.promptstudio.store.RunHistory.open(dir.resolve("history"))) {
            version = runs.query(new io.promptstudio.store.RunHistory.Query("Strict", null, null, null, 1)).get(0).promptHash().substring(0, 10);
        }
        Files.writeString(file, Files.readString(file).replace("system \"Strict. {{ output_format }}\"", "system \"Lazy. {{ output_format }}\""));
        assertEquals(1, run("compare", "Strict~" + version, "Strict", "--eval", file + "#StrictOnly", "--store", store, "--history", history,
                "--no-cache"), out + "\n" + err);
        String suffix = "v_" + version;
        assertTrue(out.toString().contains("  Strict vs " + suffix + ".Strict: B worse"), out.toString());
        assertTrue(out.toString().lines().anyMatch(line -> line.strip().startsWith(suffix + ".Strict ") && line.contains("30/30 passed")),
                out.toString());
        try (var left = Files.list(file.getParent())) {
            assertEquals(List.of(), left.filter(path -> path.getFileName().toString().startsWith(".sentiment")).toList(),
                    "the copy of the kept version is gone");
        }
        assertEquals(2, run("compare", "Strict~ffffffff", "Strict", "--eval", file + "#StrictOnly", "--store", store, "--history", history));
        assertTrue(err.toString().contains("keeps no prompt version ffffffff"), err.toString());
        assertEquals(2, run("compare", "Strict~", "Strict", "--eval", file + "#StrictOnly", "--store", store, "--history", history));
        assertTrue(err.toString().contains("names no version after '~'"), err.toString());
        assertEquals(2, run("compare", "Strict~12", "Strict", "--eval", file + "#StrictOnly", "--store", store, "--history", history));
        assertTrue(err.toString().contains("the first 6 or more hexadecimal digits"), err.toString());
    }

    private static void git(Path folder, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        Process git = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String said = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, git.waitFor(), said);
    }
}
