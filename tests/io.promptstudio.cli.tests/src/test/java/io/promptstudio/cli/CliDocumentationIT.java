package io.promptstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the examples of docs/cli.md against the packaged jar, in an empty folder, and compares the
 * output line by line: the documentation cannot drift from what the command does.
 */
class CliDocumentationIT {

    @TempDir
    Path workdir;

    @Test
    void everyExampleInTheCliGuidePrintsWhatItShows() throws Exception {
        List<String> lines = Files.readAllLines(Path.of(System.getProperty("promptstudio.docs"), "cli.md"));
        List<Example> examples = examples(lines);
        assertFalse(examples.isEmpty(), "docs/cli.md has examples");
        for (Example example : examples) {
            if (example.command().startsWith(FILE)) {
                Path file = workdir.resolve(example.command().substring(FILE.length()));
                Files.createDirectories(file.getParent());
                Files.writeString(file, String.join("\n", example.output()) + "\n");
                continue;
            }
            String expected = String.join("\n", example.output()).replace("/WORKDIR", workdir.toRealPath().toString());
            assertEquals(expected, run(example.command()), "output of: $ " + example.command());
        }
    }

    /** A fenced block "```pstudio file=PATH" (or markdown, html…) is a file to write before the commands after it run. */
    private static final String FILE = "file=";
    private static final java.util.regex.Pattern FILE_BLOCK = java.util.regex.Pattern.compile("```[a-z]+ (file=.+)");

    private record Example(String command, List<String> output) {
    }

    private static List<Example> examples(List<String> lines) {
        List<Example> examples = new ArrayList<>();
        boolean inConsole = false;
        String command = null;
        List<String> output = new ArrayList<>();
        for (String line : lines) {
            java.util.regex.Matcher fileBlock = FILE_BLOCK.matcher(line);
            if (fileBlock.matches()) {
                inConsole = true;
                command = fileBlock.group(1);
                output.clear();
            } else if (line.equals("```console")) {
                inConsole = true;
            } else if (inConsole && line.equals("```")) {
                inConsole = false;
                if (command != null) {
                    examples.add(new Example(command, List.copyOf(output)));
                }
                command = null;
            } else if (inConsole && line.startsWith("$ ")) {
                if (command != null) {
                    examples.add(new Example(command, List.copyOf(output)));
                }
                command = line.substring(2);
                output.clear();
            } else if (inConsole) {
                output.add(line);
            }
        }
        return examples;
    }

    private String run(String command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // as the promptstudio script does: Guice's use of sun.misc.Unsafe makes JDK 24+ warn otherwise
        if (Runtime.version().feature() >= 24) {
            argv.add("--sun-misc-unsafe-memory-access=allow");
        }
        argv.addAll(List.of("-jar", System.getProperty("promptstudio.cli.jar")));
        List<String> words = words(command);
        assertEquals("promptstudio", words.get(0), "examples run the promptstudio command");
        argv.addAll(words.subList(1, words.size()));
        Process process = new ProcessBuilder(argv).directory(workdir.toFile()).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
    }

    /** Splits a command line on spaces, keeping "double-quoted" words whole and taking \" as a quote, as a shell would. */
    private static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\\' && i + 1 < command.length()) {
                word.append(command.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ' ' && !quoted) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }
}
