package io.promptstudio.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.core.PromptFile;
import io.promptstudio.dsl.check.LanguageChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The examples/ workspace is what new users copy from: it must stay clean and keep its breadth. */
class ExamplesTest {

    static final Path EXAMPLES = Path.of(System.getProperty("promptstudio.root", "../.."), "examples");

    static List<Path> exampleFiles() throws IOException {
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            return files.filter(PromptFile::isPromptFile).sorted().toList();
        }
    }

    @Test
    void everyExampleChecksClean() throws IOException {
        Checking.assertClean(new LanguageChecker().check(exampleFiles()));
    }

    @Test
    void thereAreAtLeastTenPromptsWithTests() throws IOException {
        long prompts = 0;
        long tests = 0;
        for (Path file : exampleFiles()) {
            String text = Files.readString(file);
            prompts += text.lines().filter(line -> line.startsWith("prompt ")).count();
            tests += text.lines().filter(line -> line.startsWith("test ")).count();
        }
        assertTrue(prompts >= 10, "examples have " + prompts + " prompts");
        assertTrue(tests >= prompts, "every example prompt has a test (" + tests + " tests for " + prompts + " prompts)");
    }
}
