package io.promptstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import picocli.CommandLine;

/**
 * {@code promptstudio refine}: a round against a loopback provider whose classifier is right only when told to think
 * step by step, and whose diagnosis proposes exactly that; the proposal is a patch, the prompt file is untouched until
 * {@code --accept}, every round is logged, and {@code --watch} does not propose again while a proposal awaits review.
 */
class RefineCommandTest {

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

    private String[] refine(String... more) {
        List<String> args = new ArrayList<>(List.of("refine", "--store", dir.resolve("optimize").toString(), "--history",
                dir.resolve("history").toString(), "--cache", dir.resolve("cache").toString(), "--no-cache"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aRoundProposesAPatchAndOnlyAcceptingWritesTheFile() throws Exception {
        Path file = OptimizerAnswers.writeWorkspace(Files.createDirectories(dir.resolve("ws")), server.endpoint());
        String before = Files.readString(file);
        Path patch = dir.resolve("edit.patch");
        assertEquals(0, run(refine(file + "#Classify", "--eval", "Accuracy", "--watch", "--every", "1s", "--rounds", "2", "--patch",
                patch.toString())), err + "\n" + out);
        String printed = out.toString();
        Matcher id = Pattern.compile("refinement (\\w+) of shop.Classify with eval Accuracy: an edit that passes more cases, for review").matcher(printed);
        assertTrue(id.find(), printed);
        assertTrue(printed.contains("diagnosis: it answers POSITIVE without reading the review"), printed);
        assertTrue(printed.contains("before: 50/100 passed, mean score 0.500"), printed);
        assertTrue(printed.contains("after:  100/100 passed, mean score 1.000"), printed);
        assertTrue(printed.contains("refinement " + id.group(1) + " awaits review"), "the second round does not propose again: " + printed);
        assertEquals(before, Files.readString(file), "nothing is written without acceptance");
        String diff = Files.readString(patch);
        assertTrue(diff.startsWith("--- a/classify.pstudio\n+++ b/classify.pstudio\n@@ "), diff);
        assertTrue(diff.contains("\n-    Classify the review.\n+    Classify the review step by step.\n"), diff);

        assertEquals(0, run(refine("--list")));
        assertTrue(out.toString().contains(id.group(1)) && out.toString().contains("proposed") && out.toString().contains("0.500 → 1.000"),
                out.toString());

        assertEquals(0, run(refine("--accept", id.group(1))), err.toString());
        assertTrue(Files.readString(file).contains("Classify the review step by step."));
        assertEquals(0, run("check", file.getParent().toString()), out.toString() + err);

        assertEquals(2, run(refine("--accept", id.group(1))));
        assertTrue(err.toString().contains("is accepted, not a proposal awaiting review"), err.toString());

        assertEquals(0, run(refine(file + "#Classify", "--eval", "Accuracy")), err.toString());
        assertTrue(out.toString().contains("every case passed; nothing to refine"), out.toString());
        assertEquals(0, run(refine("--list", file + "#Classify")));
        assertTrue(out.toString().contains("nothing-failed") && out.toString().contains("accepted"), out.toString());
    }

    @Test
    void aProposalCanBeRejectedAndAFileChangedSinceIsNotOverwritten() throws Exception {
        Path file = OptimizerAnswers.writeWorkspace(Files.createDirectories(dir.resolve("ws")), server.endpoint());
        assertEquals(0, run(refine(file + "#Classify", "--eval", "Accuracy", "--patch", dir.resolve("one.patch").toString())), err.toString());
        Matcher first = Pattern.compile("refinement (\\w+) of").matcher(out.toString());
        assertTrue(first.find());
        assertEquals(0, run(refine("--reject", first.group(1))));
        assertTrue(out.toString().contains("rejected; it stays in the log"), out.toString());
        Files.writeString(file, Files.readString(file).replace("Sorts reviews", "Sorts the reviews"));
        assertEquals(0, run(refine(file + "#Classify", "--eval", "Accuracy", "--patch", dir.resolve("two.patch").toString())), err.toString());
        Matcher second = Pattern.compile("refinement (\\w+) of").matcher(out.toString());
        assertTrue(second.find());
        Files.writeString(file, Files.readString(file) + "\n// edited while the proposal waited\n");
        String edited = Files.readString(file);
        assertEquals(2, run(refine("--accept", second.group(1))));
        assertTrue(err.toString().contains("changed since refinement " + second.group(1) + " was proposed"), err.toString());
        assertEquals(edited, Files.readString(file));
        assertFalse(edited.contains("step by step"));
    }

    @Test
    void badUsageSaysWhatIsWrong() throws Exception {
        Path file = OptimizerAnswers.writeWorkspace(Files.createDirectories(dir.resolve("ws")), server.endpoint());
        assertEquals(2, run(refine(file + "#Classify", "--eval", "Accuracy", "--watch", "--every", "soon")));
        assertTrue(err.toString().contains("--every is a number and a unit (s, m, h or d), e.g. 30m, not soon"), err.toString());
        assertEquals(2, run(refine(file + "#Classify")));
        assertTrue(err.toString().contains("its eval with --eval"), err.toString());
        assertEquals(2, run(refine(file + "#Classify", "--eval", "Speed")));
        assertTrue(err.toString().contains("has no eval 'Speed'"), err.toString());
        assertEquals(2, run(refine("--accept", "nope")));
        assertTrue(err.toString().contains("no refinement 'nope'"), err.toString());
        assertTrue(server.received().isEmpty(), "nothing ran");
    }
}
