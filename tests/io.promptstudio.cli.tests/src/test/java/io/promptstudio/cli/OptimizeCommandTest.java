package io.promptstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.tests.support.providers.FakeProviderServer;
import io.promptstudio.tests.support.providers.OptimizerAnswers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code promptstudio optimize} end to end against a loopback provider whose answers depend on the prompt
 * ({@link OptimizerAnswers}): the estimate, the progress, the report, the new version written only when the test
 * split shows it better and only after the language checks it, a budget-stopped run resumed, and bad usage.
 */
class OptimizeCommandTest {

    @TempDir
    Path dir;

    private FakeProviderServer server;
    private final OptimizerAnswers answers = new OptimizerAnswers();
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @BeforeEach
    void provider() throws Exception {
        server = new FakeProviderServer();
        server.answering("gpt-4o-mini", answers::answer);
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

    private String[] optimize(Path file, String... more) {
        List<String> args = new ArrayList<>(List.of("optimize", file + "#Classify", "--eval", "Accuracy", "--generations", "2", "--population", "4",
                "--batch", "10", "--seed", "7", "--store", dir.resolve("optimize").toString(), "--history", dir.resolve("history").toString(),
                "--cache", dir.resolve("cache").toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void opproFindsTheBetterInstructionAndWritesItAsTheFilesNewVersion() throws Exception {
        Path file = OptimizerAnswers.writeWorkspace(Files.createDirectories(dir.resolve("ws")), server.endpoint());
        String before = Files.readString(file);
        Path report = dir.resolve("report.json");
        assertEquals(0, run(optimize(file, "--method", "opro", "--no-cache", "-o", report.toString())), err + "\n" + out);
        Matcher estimated = Pattern.compile("estimated (\\d+) calls").matcher(err.toString());
        assertTrue(estimated.find(), err.toString());
        assertTrue(err.toString().contains("generation 2: best 1.000 on the batch"), err.toString());
        String printed = out.toString();
        assertTrue(printed.contains("60 training rows (10 a batch), 20 validation, 20 test"), printed);
        assertTrue(printed.contains("4 dropped by the language or for dropping an input"), printed);
        assertTrue(printed.contains("#0 as written: 0.500 on the batch") || printed.contains("#0 as written: 0.400 on the batch")
                || printed.contains("#0 as written: 0.600 on the batch"), printed);
        assertTrue(printed.contains("test split: #") && printed.contains("B better"), printed);
        assertTrue(printed.contains("+     Classify the review; think step by step"), printed);
        assertTrue(printed.contains("wrote #"), printed);
        String after = Files.readString(file);
        assertTrue(after.contains("think step by step"), after);
        assertEquals(before.replaceAll("(?s)  system \"\"\".*?\"\"\"", ""), after.replaceAll("(?s)  system \"\"\".*?\"\"\"", ""),
                "only the instruction changed");
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertTrue(json.path("improved").asBoolean());
        assertEquals(4, json.path("invalid").asInt());
        long calls = json.path("spent").path("calls").asLong();
        long estimate = Long.parseLong(estimated.group(1));
        assertTrue(calls > 0.8 * estimate && calls <= 1.2 * estimate, calls + " calls against " + estimate + " estimated");
        assertEquals(0, run("check", file.getParent().toString()), out.toString() + err);
    }

    @ParameterizedTest
    @ValueSource(strings = { "ga", "de", "breeder", "fewshot" })
    void everyOtherMethodRunsFromTheCommandLineWithinItsEstimate(String method) throws Exception {
        Path file = OptimizerAnswers.writeWorkspace(Files.createDirectories(dir.resolve("ws")), server.endpoint());
        Path report = dir.resolve(method + ".json");
        assertEquals(0, run(optimize(file, "--method", method, "--no-cache", "--write", "never", "-o", report.toString())), err + "\n" + out);
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertTrue(json.path("improved").asBoolean(), out.toString());
        Matcher estimated = Pattern.compile("estimated (\\d+) calls").matcher(err.toString());
        assertTrue(estimated.find(), err.toString());
        double ratio = json.path("spent").path("calls").asDouble() / Long.parseLong(estimated.group(1));
        assertTrue(ratio > 0.8 && ratio <= 1.2, method + ": " + ratio);
        assertTrue(out.toString().contains("not written: --write never"), out.toString());
    }

    @Test
    void withTheCacheTheSameSeedReproducesTheRunWithoutAskingAgain() throws Exception {
        Path file = OptimizerAnswers.writeWorkspace(Files.createDirectories(dir.resolve("ws")), server.endpoint());
        assertEquals(0, run(optimize(file, "--method", "opro", "--write", "never", "-o", dir.resolve("first.json").toString())), err.toString());
        int asked = server.received().size();
        assertEquals(0, run(optimize(file, "--method", "opro", "--write", "never", "-o", dir.resolve("second.json").toString())), err.toString());
        assertEquals(asked, server.received().size(), "the second run was answered from the cache");
        JsonNode first = new ObjectMapper().readTree(dir.resolve("first.json").toFile());
        JsonNode second = new ObjectMapper().readTree(dir.resolve("second.json").toFile());
        assertEquals(0, second.path("spent").path("calls").asInt());
        assertEquals(first.path("candidates").toString().replaceAll("\"cost\":[^,}]*", ""), second.path("candidates").toString()
                .replaceAll("\"cost\":[^,}]*", ""));
        assertEquals(first.path("test").path("comparisons"), second.path("test").path("comparisons"));
    }

    @Test
    void theEstimateAloneCallsNothing() throws Exception {
        Path file = OptimizerAnswers.writeWorkspace(Files.createDirectories(dir.resolve("ws")), server.endpoint());
        assertEquals(0, run(optimize(file, "--method", "ga", "--estimate")), err.toString());
        assertTrue(err.toString().contains("ga on shop.Classify with eval Accuracy: estimated"), err.toString());
        assertTrue(server.received().isEmpty(), "an estimate makes no call");
    }

    @Test
    void aRunStoppedByItsBudgetExitsOneAndResumesToTheSameEnd() throws Exception {
        Path file = OptimizerAnswers.writeWorkspace(Files.createDirectories(dir.resolve("ws")), server.endpoint());
        assertEquals(1, run(optimize(file, "--method", "de", "--no-cache", "--max-calls", "50", "--write", "never")), err + "\n" + out);
        Matcher resume = Pattern.compile("--resume (\\w+)").matcher(out.toString());
        assertTrue(resume.find(), out.toString());
        assertTrue(out.toString().startsWith("optimization run " + resume.group(1)), out.toString());
        assertTrue(out.toString().contains("stopped: the budget of 50 calls ran out"), out.toString());
        assertEquals(0, run(optimize(file, "--no-cache", "--resume", resume.group(1), "--write", "never")), err + "\n" + out);
        assertTrue(out.toString().contains("not written: --write never"), out.toString());
        assertFalse(Files.readString(file).contains("step by step"), "never means never");
        assertEquals(2, run(optimize(file, "--no-cache", "--resume", resume.group(1))));
        assertTrue(err.toString().contains("went to its end; nothing to resume"), err.toString());
    }

    @Test
    void badUsageSaysWhatIsWrong() throws Exception {
        Path file = OptimizerAnswers.writeWorkspace(Files.createDirectories(dir.resolve("ws")), server.endpoint());
        assertEquals(2, run(optimize(file, "--method", "annealing")));
        assertTrue(err.toString().contains("no optimization method 'annealing' (methods: opro, ga, de, breeder, fewshot)"), err.toString());
        assertEquals(2, run(optimize(file, "--split", "70/20/20")));
        assertTrue(err.toString().contains("--split adds up to 100, not 110.0"), err.toString());
        assertEquals(2, run(optimize(file, "--split", "sixty")));
        assertTrue(err.toString().contains("--split is TRAIN/VALIDATION/TEST in percent"), err.toString());
        assertEquals(2, run("optimize", file + "#Classify", "--eval", "Speed"));
        assertTrue(err.toString().contains("has no eval 'Speed' (evals: Accuracy)"), err.toString());
        assertEquals(2, run("optimize", file + "#Nope", "--eval", "Accuracy"));
        assertTrue(err.toString().contains("Nope"), err.toString());
        assertEquals(2, run(optimize(file, "--resume", "deadbeef")));
        assertTrue(err.toString().contains("no optimization run 'deadbeef'"), err.toString());
        assertEquals(2, run("optimize", file + "#Classify", "--eval", "Accuracy", "--population", "1"));
        assertTrue(err.toString().contains("the population is between 2 and 200, not 1"), err.toString());
        assertEquals(2, run(optimize(file, "--write", "sometimes")));
        assertTrue(err.toString().contains("--write is auto, always or never"), err.toString());
        assertTrue(server.received().isEmpty(), "nothing ran");
    }
}
