package io.promptstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A killed optimization resumes: the packaged jar runs in its own JVM and is killed (SIGKILL) in the middle of its
 * run; {@code --resume} then ends where a run never killed ends, with the same candidates and the same best.
 */
class OptimizeKillIT {

    @TempDir
    Path dir;

    @Test
    void aKilledRunResumesToTheSameEndAsARunNeverKilled() throws Exception {
        OptimizerAnswers whole = new OptimizerAnswers();
        JsonNode uninterrupted;
        try (FakeProviderServer server = new FakeProviderServer()) {
            server.answering("gpt-4o-mini", whole::answer);
            Path file = OptimizerAnswers.writeWorkspace(Files.createDirectories(dir.resolve("whole")), server.endpoint());
            Path report = dir.resolve("whole.json");
            StringWriter err = new StringWriter();
            CommandLine line = PromptStudioCli.commandLine();
            line.setOut(new PrintWriter(new StringWriter(), true));
            line.setErr(new PrintWriter(err, true));
            assertEquals(0, line.execute(arguments(file, dir.resolve("whole-store"), "-o", report.toString())), err.toString());
            uninterrupted = new ObjectMapper().readTree(report.toFile());
        }

        OptimizerAnswers killed = new OptimizerAnswers();
        AtomicInteger calls = new AtomicInteger();
        try (FakeProviderServer server = new FakeProviderServer()) {
            server.answering("gpt-4o-mini", request -> {
                calls.incrementAndGet();
                return killed.answer(request);
            });
            Path file = OptimizerAnswers.writeWorkspace(Files.createDirectories(dir.resolve("killed")), server.endpoint());
            Path store = dir.resolve("killed-store");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            if (Runtime.version().feature() >= 24) {
                command.add("--sun-misc-unsafe-memory-access=allow");
            }
            command.addAll(List.of("-jar", System.getProperty("promptstudio.cli.jar")));
            command.addAll(List.of(arguments(file, store)));
            Path log = dir.resolve("killed.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (calls.get() < 80 && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(process.isAlive(), "the run was still going when killed: " + Files.readString(log));
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            java.util.regex.Matcher printed = java.util.regex.Pattern.compile("--resume (\\w+)\\)").matcher(Files.readString(log));
            assertTrue(printed.find(), "the run's id was printed as it started: " + Files.readString(log));
            String runId = printed.group(1);
            try (var stores = io.promptstudio.optimize.OptimizeStore.open(store)) {
                assertEquals(io.promptstudio.optimize.OptimizeStore.RUNNING, stores.run(runId).orElseThrow().status(), "killed, not finished");
            }
            int before = calls.get();
            Path report = dir.resolve("killed.json");
            StringWriter err = new StringWriter();
            CommandLine line = PromptStudioCli.commandLine();
            line.setOut(new PrintWriter(new StringWriter(), true));
            line.setErr(new PrintWriter(err, true));
            assertEquals(0, line.execute(arguments(file, store, "--resume", runId, "-o", report.toString())), err.toString());
            JsonNode resumed = new ObjectMapper().readTree(report.toFile());
            assertEquals(runId, resumed.path("run").asText());
            assertEquals(instructions(uninterrupted), instructions(resumed), "the same candidates, in the same order");
            assertEquals(uninterrupted.path("best").path("instruction").asText(), resumed.path("best").path("instruction").asText());
            assertTrue(resumed.path("improved").asBoolean());
            assertTrue(calls.get() - before < uninterrupted.path("spent").path("calls").asInt(), "the resumed run did not start over");
        }
    }

    private static List<String> instructions(JsonNode report) {
        List<String> found = new ArrayList<>();
        report.path("candidates").forEach(candidate -> found.add(candidate.path("instruction").asText()));
        return found;
    }

    private String[] arguments(Path file, Path store, String... more) {
        List<String> args = new ArrayList<>(List.of("optimize", file + "#Classify", "--eval", "Accuracy", "--method", "ga", "--generations", "2",
                "--population", "4", "--batch", "10", "--seed", "3", "--no-cache", "--write", "never", "--store", store.toString(), "--history",
                dir.resolve("history-" + store.getFileName()).toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }
}
