package io.promptstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.core.PromptWorkspace;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PromptStudioCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine line = PromptStudioCli.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    @Test
    void versionPrintsThePomVersion() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().startsWith("promptstudio " + System.getProperty("promptstudio.expectedVersion") + "\n"),
                out.toString());
    }

    @Test
    void helpNamesTheCommands() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("Usage: promptstudio"), out.toString());
        assertTrue(out.toString().contains("list"), out.toString());
    }

    /** The benchmark's generated workspace must stay clean, or its figures would time error reporting instead. */
    @Test
    void theLanguageBenchmarkRunsOnASmallWorkspace(@TempDir Path root) {
        assertEquals(0, run("bench-language", "--files", "4", "--prompts-per-file", "2", "--edits", "3", "--dir", root.toString()), out.toString());
        String printed = out.toString();
        assertTrue(printed.startsWith("workspace: 4 files, 8 prompts, 8 tests"), printed);
        assertTrue(printed.contains("cold (first in this JVM): language setup"), printed);
        assertTrue(printed.contains("; 0 findings (0 errors)"), printed);
        assertTrue(printed.contains("incremental (reparse one file, re-check it and the file that imports it), 3 edits: median"), printed);
    }

    @Test
    void unknownOptionIsAUsageErrorThatNamesIt() {
        assertEquals(2, run("--frobnicate"));
        assertTrue(err.toString().contains("Unknown option: '--frobnicate'"), err.toString());
    }

    @Test
    void listPrintsEveryPromptFileOfAWorkspace(@TempDir Path root) throws Exception {
        PromptWorkspace workspace = new PromptWorkspace(root);
        workspace.createProject("bots").createPromptFile("prompts", "greet");
        workspace.createProject("apps").createPromptFile("", "triage");

        assertEquals(0, run("list", root.toString()));
        assertEquals("apps:triage.pstudio\nbots:prompts/greet.pstudio\n", out.toString());
    }

    @Test
    void listOfAProjectFolderListsOnlyThatProject(@TempDir Path root) throws Exception {
        PromptWorkspace workspace = new PromptWorkspace(root);
        workspace.createProject("bots").createPromptFile("prompts", "greet");
        workspace.createProject("apps").createPromptFile("", "triage");

        assertEquals(0, run("list", root.resolve("bots").toString()));
        assertEquals("bots:prompts/greet.pstudio\n", out.toString());
    }

    @Test
    void listOfAMissingFolderSaysWhichFolder(@TempDir Path root) {
        assertEquals(2, run("list", root.resolve("nope").toString()));
        assertTrue(err.toString().contains(root.resolve("nope") + " is not a folder"), err.toString());
    }

    @Test
    void theCliClassPathHasNoSwt() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.eclipse.swt.widgets.Display"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.eclipse.core.runtime.Platform"));
    }

    @Test
    void initCreatesAProjectWithPromptFilesThatListFinds(@TempDir Path root) {
        assertEquals(0, run("init", "bots", "--workspace", root.toString(), "--prompt", "greet", "-p", "triage.pstudio"));
        assertTrue(out.toString().contains("created prompts/greet.pstudio (prompt Greet)"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("list", root.toString()));
        assertEquals("bots:prompts/greet.pstudio\nbots:prompts/triage.pstudio\n", out.toString());
    }

    @Test
    void initRefusesBadNamesAndExistingProjects(@TempDir Path root) {
        assertEquals(2, run("init", "a/b", "-w", root.toString()));
        assertTrue(err.toString().contains("Project name 'a/b' must not contain '/' (position 2)"), err.toString());
        assertEquals(0, run("init", "bots", "-w", root.toString()));
        assertEquals(2, run("init", "bots", "-w", root.toString()));
        assertTrue(err.toString().contains("a file or folder of that name already exists"), err.toString());
        assertEquals(2, run("init", "apps", "-w", root.toString(), "-p", "bad name"));
        assertTrue(err.toString().contains("may contain only letters"), err.toString());
    }

    @Test
    void checkExitsOneOnErrorsAndZeroOnWarningsOnly(@TempDir Path root) throws Exception {
        java.nio.file.Files.writeString(root.resolve("warn.pstudio"), "prompt P(unused: string) -> string {\n  user \"hi\"\n}\n");
        assertEquals(0, run("check", root.toString()));
        assertTrue(out.toString().contains("warning: Parameter 'unused' is not used"), out.toString());
        assertTrue(err.toString().contains("checked 1 file: 0 errors, 1 warning"), err.toString());

        java.nio.file.Files.writeString(root.resolve("bad.pstudio"), "prompt Q() -> strng {\n  user \"hi\"\n}\n");
        assertEquals(1, run("check", root.toString()));
        assertTrue(out.toString().contains("bad.pstudio:1:15: error: Couldn't resolve reference to TypeDeclaration 'strng'. [promptstudio.unresolved-reference]"),
                out.toString());
    }

    @Test
    void checkJsonReportsCountsAndFindings(@TempDir Path root) throws Exception {
        java.nio.file.Files.writeString(root.resolve("bad.pstudio"), "profile p { temperature = 9 }\n");
        assertEquals(1, run("check", "--format", "json", root.resolve("bad.pstudio").toString()));
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertEquals(1, report.get("files").asInt());
        assertEquals(1, report.get("errors").asInt());
        assertEquals("promptstudio.setting-out-of-range", report.get("diagnostics").get(0).get("code").asText());
        assertEquals(27, report.get("diagnostics").get(0).get("column").asInt());
    }
}
