package io.promptstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What an outside probe of the CLI found: input that crashed or misled it instead of being reported at its place.
 * Each case failed before its fix.
 */
class BadInputTest {

    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine line = PromptStudioCli.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void anEmptyFileIsAValidEmptyFileForEveryCommand() throws Exception {
        Path empty = write("prompts/empty.pstudio", "");
        write("prompts/hello.pstudio", "prompt Hello(name: string) -> string {\n  user \"Hi {{ name }}\"\n}\n");
        String folder = dir.resolve("prompts").toString();

        assertEquals(0, run("format", folder), err.toString());
        assertEquals(0, run("format", "--check", folder), err.toString());
        assertEquals("checked 2 files: 0 not formatted\n", err.toString());
        assertEquals(0, run("check", folder), err.toString());
        assertEquals("checked 2 files: 0 errors, 0 warnings\n", err.toString());
        assertEquals(0, run("export-yaml", empty.toString()), err.toString());
        assertTrue(out.toString().contains("declarations: []"), out.toString());
        assertEquals("", Files.readString(empty), "formatting leaves an empty file empty");
    }

    @Test
    void nestingThousandsDeepIsOneErrorAtItsLineAndColumnNotACrash() throws Exception {
        write("types.pstudio", "prompt Deep(x: " + "(".repeat(10_000) + "string" + ")".repeat(10_000) + ") -> string {\n  user \"{{ x }}\"\n}\n");
        assertEquals(1, run("check", dir.resolve("types.pstudio").toString()));
        assertTrue(out.toString().contains("types.pstudio:1:115: error: the file nests deeper than 100 levels at this '('"), out.toString());
        assertEquals("checked 1 file: 1 error, 0 warnings\n", err.toString(), "the file is counted once");

        write("inputs/inputs.pstudio", "prompt P(x: string) -> string {\n  user \"{{ x }}\"\n}\n\ntest T for P {\n  input {\n    x = "
                + "{ a = ".repeat(10_000) + "\"v\"" + " }".repeat(10_000) + "\n  }\n}\n");
        assertEquals(1, run("check", dir.resolve("inputs").toString()));
        assertTrue(out.toString().contains("inputs.pstudio:7:"), out.toString());
        assertEquals(1, run("format", "--check", dir.resolve("inputs").toString()));
        assertTrue(err.toString().contains("nests deeper than 100 levels") && !err.toString().contains("null"), err.toString());

        write("ifs/ifs.pstudio", "prompt P(x: bool) -> string {\n  user \"\"\"\n" + "{% if x %}\n".repeat(10_000) + "deep\n"
                + "{% endif %}\n".repeat(10_000) + "\"\"\"\n}\n");
        assertEquals(1, run("check", dir.resolve("ifs").toString()));
        assertTrue(out.toString().contains("ifs.pstudio:103:1: error: blocks nest deeper than 100 levels here"), out.toString());
        assertTrue(out.toString().lines().count() < 5 && !out.toString().contains("EValidator") && !err.toString().contains("Exception"),
                out + "\n" + err);
    }

    @Test
    void aLinkedFolderIsFollowedAndALinkBackUpIsSkipped() throws Exception {
        write("real/hello.pstudio", "prompt Hello(name: string) -> string {\n  user \"Hi {{ name }}\"\n}\n");
        Path link = Files.createSymbolicLink(dir.resolve("linked"), dir.resolve("real"));
        Files.createSymbolicLink(dir.resolve("real/loop"), dir.resolve("real"));
        assertEquals(0, run("check", link.toString()), err.toString());
        assertEquals("checked 1 file: 0 errors, 0 warnings\n", err.toString());
    }

    @Test
    void aControlCharacterInATemplateOrStringIsAWarningAtItsPlace() throws Exception {
        write("nul.pstudio", "prompt P(x: string) -> string {\n  user \"Hello\u0000 {{ x }}\"\n}\n\ntest T for P {\n  input {\n    x = \"a\u001bb\"\n  }\n}\n");
        assertEquals(0, run("check", dir.resolve("nul.pstudio").toString()), out + "\n" + err);
        assertTrue(out.toString().contains("nul.pstudio:2:14: warning: The text holds the control character U+0000"), out.toString());
        assertTrue(out.toString().contains("nul.pstudio:7:11: warning: The text holds the control character U+001B"), out.toString());
    }

    @Test
    void anUnreachableEndpointIsNamedAsSuch() throws Exception {
        write("p.pstudio", "profile nowhere {\n  provider = \"openai-compatible\"\n  endpoint = \"http://127.0.0.1:1/v1\"\n  model = \"m\"\n}\n\n"
                + "prompt P(x: string) -> string using nowhere {\n  user \"{{ x }}\"\n}\n");
        Path history = dir.resolve("history");
        assertEquals(1, run("run", "P", dir.resolve("p.pstudio").toString(), "--arg", "x=hi", "--history", history.toString()));
        assertTrue(err.toString().startsWith("promptstudio run: unreachable: cannot reach http://127.0.0.1:1/v1: "), err.toString());
        assertEquals(0, run("history", "--history", history.toString(), "--format", "json"));
        assertTrue(out.toString().contains("\"error\" : \"unreachable\""), out.toString());
    }

    @Test
    void testsWithoutTheirKeySayWhichKeyOnceAndAreSkipped() throws Exception {
        assumeTrue(System.getenv("ANTHROPIC_API_KEY") == null, "this machine has an Anthropic key");
        write("t.pstudio", "profile claude {\n  provider = \"anthropic\"\n  model = \"claude-3-5-haiku-latest\"\n}\n\n"
                + "prompt P(x: string) -> string using claude {\n  user \"{{ x }}\"\n}\n\n"
                + "test One for P {\n  input {\n    x = \"a\"\n  }\n  expect {\n    output == \"a\"\n  }\n}\n\n"
                + "test Two for P {\n  input {\n    x = \"b\"\n  }\n  expect {\n    output == \"b\"\n  }\n}\n");
        assertEquals(1, run("test", dir.resolve("t.pstudio").toString(), "--history", dir.resolve("history").toString()));
        assertTrue(err.toString().startsWith("promptstudio test: 2 of 2 tests cannot run, a key is missing:\n  no API key for provider anthropic"),
                err.toString());
        assertEquals(1, err.toString().split("ANTHROPIC_API_KEY", -1).length - 1, "the key is named once: " + err);
        assertFalse(out.toString().contains("FAIL"), out.toString());
        assertTrue(out.toString().endsWith("0 passed, 0 failed, 2 skipped\n"), out.toString());
    }
}
